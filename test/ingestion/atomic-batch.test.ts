/**
 * All-or-none batches (issue #2): the accepted records of a batch are committed in one transaction.
 * A trigger in this file's own database makes the write fail on one record in the middle of a
 * batch; then nothing of the batch may be stored, and the client's retry (trigger gone) stores
 * every record exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { createTestClient } from '../support/client.js';
import { countRows, requestErrors, send, storedIds } from '../support/ingestion.js';
import { event, survey } from '../support/records.js';

const client = createTestClient();

/** Installs a trigger that aborts any insert into `table` of the row whose `column` is `id`. */
function failingTrigger(table: string, column: string, id: string) {
  const name = `fail_${table}`;
  if (db.dialect === 'sqlite') {
    return {
      create: () =>
        db.sql.runScript(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table}
          WHEN NEW.${column} = '${id}' BEGIN SELECT RAISE(ABORT, 'boom'); END;`),
      drop: () => db.sql.runScript(`DROP TRIGGER IF EXISTS ${name};`),
    };
  }
  return {
    create: () =>
      db.sql.runScript(`
        CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.${column} = '${id}' THEN RAISE EXCEPTION 'boom'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}();`),
    drop: () => db.sql.runScript(`DROP TRIGGER IF EXISTS ${name} ON ${table}; DROP FUNCTION IF EXISTS ${name}();`),
  };
}

describe('a batch is stored all or none (#2)', () => {
  const batch = Array.from({ length: 1000 }, () => event());
  const poisoned = batch[500]!.eventId.toLowerCase();
  const trigger = failingTrigger('telemetry_events', 'event_id', poisoned);

  beforeAll(() => trigger.create());
  afterAll(() => trigger.drop());

  it('a write that fails at record 500 of 1 000 stores none of them and reports an error', async () => {
    const before = await countRows('telemetry_events');
    const errors = await requestErrors(send.events(client, batch));
    expect(errors).toHaveLength(1);
    // Unexpected errors are masked: no SQL or stack trace reaches the client.
    expect(errors[0]!.message).not.toMatch(/boom|INSERT|telemetry_events/);
    expect(await countRows('telemetry_events')).toBe(before);
  });

  it('the retry after the failure is gone stores every record exactly once', async () => {
    await trigger.drop();
    expect(await send.events(client, batch)).toMatchObject({ accepted: 1000, duplicates: 0, rejected: 0 });
    expect(await send.events(client, batch)).toMatchObject({ accepted: 0, duplicates: 1000, rejected: 0 });
    expect(await storedIds('telemetry_events', batch.map((e) => e.eventId))).toHaveLength(1000);
  });

  it('the same holds for survey responses, and other batches keep working meanwhile', async () => {
    const responses = Array.from({ length: 50 }, () => survey());
    const surveyTrigger = failingTrigger('survey_responses', 'response_id', responses[49]!.responseId.toLowerCase());
    await surveyTrigger.create();
    try {
      expect((await requestErrors(send.surveys(client, responses))).length).toBe(1);
      expect(await storedIds('survey_responses', responses.map((r) => r.responseId))).toEqual([]);
      // The failed transaction left nothing open: an unrelated batch goes through.
      expect((await send.events(client, [event()])).accepted).toBe(1);
    } finally {
      await surveyTrigger.drop();
    }
    expect(await send.surveys(client, responses)).toMatchObject({ accepted: 50, duplicates: 0 });
  });
});
