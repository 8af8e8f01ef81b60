import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'discord_active_7d',
  title: 'Discord active members (7 days)',
  description: "The latest discord.active_7d gauge observation before the window's end; the change is against the latest before its start.",
  unit: 'count',
  direction: 'higher',
  formula: { kind: 'gauge', gauge: 'discord.active_7d' },
  segments: [],
});
