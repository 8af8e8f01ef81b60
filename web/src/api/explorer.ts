/** The metric explorer: the catalogue, and one metric's value, series and split over a window. One request. */
import { graphql } from '../gql/index.js';
import type { Granularity, TimeWindowInput } from '../gql/graphql.js';
import { request } from './client.js';

const CatalogueQuery = graphql(`
  query MetricCatalogue {
    metricDefinitions { id title description unit direction segments target alerts { name kind severity } }
  }
`);

const MetricQuery = graphql(`
  query MetricExplorer($id: ID!, $window: TimeWindowInput!, $granularity: Granularity!, $by: String!, $split: Boolean!) {
    metricDefinitions { id title description unit direction segments target formula alerts { name kind severity rule } }
    metric(id: $id, window: $window) {
      id
      window { from to }
      ...MetricFigures
      series(granularity: $granularity) { start end value partial }
      previousSeries(granularity: $granularity) { start end value }
      segments(by: $by) @include(if: $split) { key value sampleSize status target { kind min max } }
    }
  }
`);

export const loadCatalogue = () => request(CatalogueQuery, {});
export type CatalogueData = Awaited<ReturnType<typeof loadCatalogue>>;

export interface MetricRequest {
  id: string;
  window: TimeWindowInput;
  granularity: Granularity;
  /** The segment to split by, or null for none. */
  by: string | null;
}

export const loadMetric = ({ id, window, granularity, by }: MetricRequest) =>
  request(MetricQuery, { id, window, granularity, by: by ?? '', split: by !== null });
export type MetricData = Awaited<ReturnType<typeof loadMetric>>;
