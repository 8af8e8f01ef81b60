import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'discord_first_response_minutes',
  title: 'Discord first response (minutes)',
  description: "The latest discord.first_response_minutes gauge observation before the window's end; the change is against the latest before its start.",
  unit: 'minutes',
  direction: 'lower',
  formula: { kind: 'gauge', gauge: 'discord.first_response_minutes' },
  segments: [],
});
