import type { Database } from "../../../db/client";
import type { IntakeOutcome } from "../../domain/channels";
import type { ChannelOrderDraft } from "../../integrations/channels/draft";
import type { ChannelConnection } from "./connections";
import type { IntakeMessage } from "./intake";

/**
 * What one inbound message asks for, once its channel's adapter has read it: create an order,
 * create-or-amend it (a channel's "updated"), cancel it, or nothing (with why). Adapters only
 * translate; the intake applies every instruction through the same services the app uses.
 */
export type IntakeInstruction =
  | { action: "create" | "upsert"; channelOrderId: string; draft: ChannelOrderDraft }
  | { action: "cancel"; channelOrderId: string; reference: string; reason: string }
  | { action: "reject"; reference: string | null; reasons: string[] }
  | { action: "ignore"; reference: string | null; reasons: string[] };

export interface ChannelAdapter {
  read(db: Database, connection: ChannelConnection, message: IntakeMessage): Promise<IntakeInstruction[]>;
  /** Tells the channel what came of the message, where its protocol wants that (EDI's 997). */
  acknowledge?(db: Database, connection: ChannelConnection, message: IntakeMessage, outcomes: IntakeOutcome[]): Promise<void>;
}
