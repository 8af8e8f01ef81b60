import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'discord_members',
  title: 'Discord members',
  description: "The latest discord.members gauge observation before the window's end; the change is against the latest before its start.",
  unit: 'count',
  direction: 'higher',
  formula: { kind: 'gauge', gauge: 'discord.members' },
  segments: [],
});
