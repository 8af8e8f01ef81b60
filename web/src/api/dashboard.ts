/** A dashboard over one window: every panel with its series, previous series and split. One request. */
import { graphql } from '../gql/index.js';
import type { Granularity, TimeWindowInput } from '../gql/graphql.js';
import { request } from './client.js';

const DashboardQuery = graphql(`
  query DashboardView($id: ID!, $window: TimeWindowInput!, $granularity: Granularity) {
    dashboards { id title }
    dashboard(id: $id, window: $window) {
      id
      title
      review
      window { from to }
      alerts { ruleId state since }
      panels {
        metric
        segment
        granularity
        result { ...MetricFigures }
        segments { key value status target { kind min max } }
        series(granularity: $granularity) { start end value partial }
        previousSeries(granularity: $granularity) { start end value }
      }
    }
    metricDefinitions { id formula }
  }
`);

export interface DashboardRequest {
  id: string;
  window: TimeWindowInput;
  granularity: Granularity | null;
}

export const loadDashboard = ({ id, window, granularity }: DashboardRequest) => request(DashboardQuery, { id, window, granularity });
export type DashboardData = Awaited<ReturnType<typeof loadDashboard>>;
export type PanelData = DashboardData['dashboard']['panels'][number];
