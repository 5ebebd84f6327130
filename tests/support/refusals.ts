import { expect } from "vitest";
import type { Database } from "../../db/client";
import { DomainError } from "../../server/domain/errors";
import { workspaceSnapshot } from "./snapshot";

/** Runs a command that must be refused with `code` and a message like `message`, and proves it wrote nothing. */
export async function expectRefused(db: Database, workspaceId: string, run: () => Promise<unknown>, code: string, message: RegExp): Promise<DomainError> {
  const before = await workspaceSnapshot(db, workspaceId);
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "command should have been refused").toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  expect((error as DomainError).message).toMatch(message);
  expect(await workspaceSnapshot(db, workspaceId)).toEqual(before);
  return error as DomainError;
}
