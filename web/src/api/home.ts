/** Home: the dashboards, the alerts firing now, and what has been ingested. One request. */
import { graphql } from '../gql/index.js';
import { request } from './client.js';

const HomeQuery = graphql(`
  query Home {
    dashboards { id title review panels { metric } }
    alerts(state: FIRING) { ruleId metric severity since lastValue }
    metricDefinitions { id title unit }
    ingestionStats {
      telemetryEvents { count first last }
      surveyResponses { count first last }
      safetyAudits { count first last }
      gaugeObservations { count first last }
      subscriptionEvents { count first last }
    }
  }
`);

export const loadHome = () => request(HomeQuery, {});
export type HomeData = Awaited<ReturnType<typeof loadHome>>;
