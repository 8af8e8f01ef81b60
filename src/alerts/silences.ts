/** Silences mute notifications (never evaluation) of the rules they match until they end. */
import { randomUUID } from 'node:crypto';
import { markDataChanged } from '../caching/data-version.js';
import type { PrismaClient } from '../db.js';
import type { ResolvedRule } from './rules.js';

export interface SilenceInput {
  ruleId?: string | null;
  metricId?: string | null;
  severity?: string | null;
  startsAt?: Date | null;
  endsAt: Date;
  comment: string;
}

export class SilenceError extends Error {}

/**
 * A comment is words: letters and punctuation, words of at most 32 characters, at most 200 in all.
 * No digits, slashes, @ or =, so that no path, address, key or id can be stored through it.
 */
const COMMENT = /^[A-Za-z][A-Za-z,.'!?()_-]{0,31}(?: [A-Za-z,.'!?()_-]{1,32})*$/;
const isComment = (text: string) => text.length <= 200 && COMMENT.test(text);

export async function createSilence(prisma: PrismaClient, input: SilenceInput, now = new Date()) {
  if (!input.ruleId && !input.metricId && !input.severity) throw new SilenceError('a silence matches by ruleId, metricId or severity: give at least one');
  const startsAt = input.startsAt ?? now;
  if (input.endsAt <= startsAt) throw new SilenceError('endsAt must be after startsAt');
  if (!isComment(input.comment)) throw new SilenceError('comment: say why in words (letters and punctuation, words of at most 32 letters, 200 characters in all)');
  const silence = await prisma.silence.create({
    data: {
      id: randomUUID(),
      ruleId: input.ruleId ?? null,
      metricId: input.metricId ?? null,
      severity: input.severity ?? null,
      startsAt,
      endsAt: input.endsAt,
      comment: input.comment,
      createdAt: now,
    },
  });
  markDataChanged();
  return silence;
}

export async function expireSilence(prisma: PrismaClient, id: string, now = new Date()) {
  const silence = await prisma.silence.update({ where: { id }, data: { expiredAt: now } });
  markDataChanged();
  return silence;
}

export async function activeSilences(prisma: PrismaClient, at: Date) {
  return prisma.silence.findMany({ where: { expiredAt: null, startsAt: { lte: at }, endsAt: { gt: at } }, orderBy: { endsAt: 'asc' } });
}

type SilenceRow = Awaited<ReturnType<typeof activeSilences>>[number];

export function silences(silence: SilenceRow, rule: ResolvedRule): boolean {
  return (
    (silence.ruleId === null || silence.ruleId === rule.id) &&
    (silence.metricId === null || silence.metricId === rule.metric.id) &&
    (silence.severity === null || silence.severity === rule.rule.severity)
  );
}
