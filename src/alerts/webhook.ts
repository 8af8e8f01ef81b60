/**
 * Webhook notifications in Alertmanager's webhook format (version 4), signed with HMAC-SHA256 over
 * the exact body (`X-Caro-Signature: sha256=<hex>`), retried with exponential backoff. Each
 * notification has a delivery id (`X-Caro-Delivery`) that receivers can use to drop a repeat.
 */
import { createHash, createHmac } from 'node:crypto';

export interface WebhookTarget {
  url: string;
  secret: string;
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the second try; doubled for each further one. */
  backoffMs: number;
  timeoutMs: number;
}

export interface AlertNotice {
  ruleId: string;
  metricId: string;
  severity: string;
  status: 'firing' | 'resolved';
  summary: string;
  value: number | null;
  threshold: number | null;
  /** The value and threshold in the metric's units (src/format/format.ts): "52.3 %", "60 %". */
  valueText: string;
  thresholdText: string;
  startsAt: Date;
  endsAt: Date | null;
  scope?: { segment: string; value: string } | undefined;
}

export function alertmanagerPayload(notice: AlertNotice): Record<string, unknown> {
  const labels: Record<string, string> = { alertname: notice.ruleId, metric: notice.metricId, severity: notice.severity };
  if (notice.scope) labels[notice.scope.segment] = notice.scope.value;
  // Annotations are text for people; the raw numbers ride beside them for machines.
  const annotations = {
    summary: notice.summary,
    value: notice.valueText,
    threshold: notice.thresholdText,
    value_raw: notice.value === null ? '' : String(notice.value),
    threshold_raw: notice.threshold === null ? '' : String(notice.threshold),
  };
  return {
    version: '4',
    groupKey: `{}:{alertname="${notice.ruleId}"}`,
    status: notice.status,
    receiver: 'caro-metrics',
    groupLabels: { alertname: notice.ruleId },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: '',
    truncatedAlerts: 0,
    alerts: [
      {
        status: notice.status,
        labels,
        annotations,
        startsAt: notice.startsAt.toISOString(),
        endsAt: (notice.endsAt ?? new Date(0)).toISOString(),
        generatorURL: '',
        fingerprint: createHash('sha256').update(notice.ruleId).digest('hex').slice(0, 16),
      },
    ],
  };
}

export function signatureOf(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface DeliveryOutcome {
  delivered: boolean;
  attempts: number;
  error: string | null;
}

/** Posts `body` until a 2xx answer or the tries run out. */
export async function postWithRetries(target: WebhookTarget, deliveryId: string, body: string): Promise<DeliveryOutcome> {
  let error: string | null = null;
  for (let attempt = 1; attempt <= target.attempts; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, target.backoffMs * 2 ** (attempt - 2)));
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-caro-delivery': deliveryId,
          'x-caro-signature': signatureOf(target.secret, body),
        },
        body,
        signal: AbortSignal.timeout(target.timeoutMs),
      });
      await response.arrayBuffer();
      if (response.ok) return { delivered: true, attempts: attempt, error: null };
      error = `HTTP ${response.status}`;
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
  }
  return { delivered: false, attempts: target.attempts, error };
}
