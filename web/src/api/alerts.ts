/** Alerts: states, rules, the history timeline and silences (one request); silences changed with ADMIN. */
import { graphql } from '../gql/index.js';
import type { SilenceInput } from '../gql/graphql.js';
import { request } from './client.js';

const AlertsQuery = graphql(`
  query AlertsView($history: TimeWindowInput!) {
    alerts { ruleId metric severity state since lastValue lastPeriodStart }
    alertRules { id metric name kind severity cadence }
    alertHistory(window: $history) { ruleId fromState toState at periodStart periodEnd value message }
    silences { id ruleId metricId severity startsAt endsAt comment expiredAt }
    metricDefinitions { id title unit }
  }
`);

const CreateSilence = graphql(`
  mutation CreateSilence($input: SilenceInput!) { createSilence(input: $input) { id } }
`);

const ExpireSilence = graphql(`
  mutation ExpireSilence($id: ID!) { expireSilence(id: $id) { id expiredAt } }
`);

/** The history timeline covers this much time. */
export const HISTORY_WINDOW = 'P30D';

export const loadAlerts = () => request(AlertsQuery, { history: { last: HISTORY_WINDOW } });
export type AlertsData = Awaited<ReturnType<typeof loadAlerts>>;
export const createSilence = (input: SilenceInput) => request(CreateSilence, { input });
export const expireSilence = (id: string) => request(ExpireSilence, { id });
