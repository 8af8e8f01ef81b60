import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'discord_messages_day',
  title: 'Discord messages per day',
  description: "The latest discord.messages_day gauge observation before the window's end; the change is against the latest before its start.",
  unit: 'count',
  direction: 'higher',
  formula: { kind: 'gauge', gauge: 'discord.messages_day' },
  segments: [],
});
