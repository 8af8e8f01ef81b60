import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'content_blog_views',
  title: 'Blog views',
  description: "The latest content.blog_views gauge observation before the window's end; the change is against the latest before its start.",
  unit: 'count',
  direction: 'higher',
  formula: { kind: 'gauge', gauge: 'content.blog_views' },
  segments: [],
});
