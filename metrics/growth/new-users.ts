import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'new_users',
  title: 'New users',
  description:
    'Sessions first seen (earliest telemetry event of any type) in the window. The target is weekly, ' +
    'rising in monthly steps from 200 (January 2026) to 5 000 (December 2026) on a straight line: read it over week windows.',
  unit: 'count',
  direction: 'higher',
  formula: { kind: 'newSessions' },
  segments: ['platform', 'acquisitionSource'],
  target: {
    schedule: [
      { from: '2026-01-01', atLeast: 200 },
      { from: '2026-02-01', atLeast: 636 },
      { from: '2026-03-01', atLeast: 1073 },
      { from: '2026-04-01', atLeast: 1509 },
      { from: '2026-05-01', atLeast: 1945 },
      { from: '2026-06-01', atLeast: 2382 },
      { from: '2026-07-01', atLeast: 2818 },
      { from: '2026-08-01', atLeast: 3255 },
      { from: '2026-09-01', atLeast: 3691 },
      { from: '2026-10-01', atLeast: 4127 },
      { from: '2026-11-01', atLeast: 4564 },
      { from: '2026-12-01', atLeast: 5000 },
    ],
  },
});
