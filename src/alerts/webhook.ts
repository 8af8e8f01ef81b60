/**
 * One webhook notification: Alertmanager's webhook format (version 4), signed the Standard Webhooks
 * way (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">`, via the `standardwebhooks` library), so that a receiver can check it and
 * refuse replays of an old one. One try here; the outbox (outbox.ts) retries.
 */
import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export interface WebhookTarget {
  /** http(s) only (checked by src/env.ts); redirects are not followed. */
  url: string;
  /** `whsec_<base64>` as Standard Webhooks libraries expect it, or any other text used as it is. */
  secret: string;
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

/** Alertmanager's "no end" (Go's zero time), which receivers test for; not 1970. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

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
        endsAt: notice.endsAt ? notice.endsAt.toISOString() : ZERO_TIME,
        generatorURL: '',
        fingerprint: createHash('sha256').update(notice.ruleId).digest('hex').slice(0, 16),
      },
    ],
  };
}

/** Standard Webhooks headers for `body`, signed at `at` (each try is signed anew, so its timestamp is fresh). */
export function signedHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const webhook = secret.startsWith('whsec_') ? new Webhook(secret) : new Webhook(secret, { format: 'raw' });
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': webhook.sign(id, at, body),
  };
}

export type Attempt =
  | { delivered: true }
  | {
      delivered: false;
      error: string;
      /** The receiver said when to try again (Retry-After), in ms from now. */
      retryAfterMs?: number;
      /** 410 Gone: the receiver wants no more of this notice. */
      gone?: boolean;
    };

/** One POST of a notification; a 2xx answer delivers it, anything else (a redirect included) does not. */
export async function postNotification(target: WebhookTarget, id: string, body: string, now = new Date()): Promise<Attempt> {
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(target.secret, id, now, body) },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    await response.arrayBuffer();
    if (response.ok) return { delivered: true };
    const error = response.status >= 300 && response.status < 400 ? `HTTP ${response.status}: redirects are not followed` : `HTTP ${response.status}`;
    return { delivered: false, error, retryAfterMs: retryAfterMs(response.headers.get('retry-after'), now), gone: response.status === 410 };
  } catch (cause) {
    return { delivered: false, error: cause instanceof Error ? cause.message : String(cause) };
  }
}

/** Retry-After in seconds or as an HTTP date, as milliseconds from now. */
function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const ms = /^\d+$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - now.getTime();
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
