/** What the dashboard and the explorer both show of a metric over a window. */
import { graphql } from '../gql/index.js';

export const MetricFiguresFragment = graphql(`
  fragment MetricFigures on MetricValue {
    title
    unit
    direction
    value
    previousValue
    change
    changeUnit
    status
    target { kind min max }
    formatted { value previousValue change target }
    sampleSize
    excludedCohortMembers
    cohortWindow { from to }
  }
`);
