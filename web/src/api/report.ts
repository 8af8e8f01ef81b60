/** The weekly report for one ISO week. One request. */
import { graphql } from '../gql/index.js';
import { request } from './client.js';

const ReportQuery = graphql(`
  query WeeklyReportView($week: String!) {
    weeklyReport(week: $week) {
      week
      from
      to
      sections { title lines { metric label status marker text } }
      actionItems { ruleId severity message }
      markdown
    }
  }
`);

export const loadReport = (week: string) => request(ReportQuery, { week });
export type ReportData = Awaited<ReturnType<typeof loadReport>>;
