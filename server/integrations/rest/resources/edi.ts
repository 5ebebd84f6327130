import { z } from "zod";
import { INTAKE_STATUSES } from "../../../domain/channels";
import { receiveInterchange, receiveInterchangeInput } from "../../../services/channels/edi";
import { outId, outList, outText } from "../outputs";
import { restRoute, type RestRoute } from "../route";

// EDI in over HTTP, for admin keys: a partner's (or a VAN's) X12 850 interchange, answered with
// what came of each purchase order and the 997 to send back.

const outcomeOutput = z.object({
  reference: outText().nullable(),
  status: z.enum(["CREATED", "AMENDED", "CANCELLED", "DUPLICATE", "IGNORED", "REJECTED"]),
  orderId: outId.optional(),
  orderNumber: outText().optional(),
  reasons: outList(outText()),
  flags: outList(outText()).optional(),
});

export const ediRoutes: RestRoute[] = [
  restRoute({
    method: "POST",
    path: "/edi/inbound",
    operationId: "receiveX12Interchange",
    summary: "Receive an X12 850 interchange",
    description:
      "Send the interchange as the raw body (`Content-Type: application/edi-x12` or `text/plain`; any separators its ISA declares) or as JSON `{ \"interchange\": \"ISA*…\" }`. The ISA sender names the trading partner. Each purchase order set becomes one order, or is rejected with its reasons; the answer carries the 997 acknowledgment. The same interchange control number again is a duplicate: nothing new is made.",
    tag: "EDI",
    body: receiveInterchangeInput.pick({ interchange: true }),
    rawText: "interchange",
    output: z.object({
      messageId: outId,
      duplicate: z.boolean(),
      status: z.enum(INTAKE_STATUSES),
      outcomes: outList(outcomeOutput),
      acknowledgment: outText(1_000_000).nullable().describe("The 997 functional acknowledgment, as X12."),
    }),
    call: ({ db, actor }, { body }) => receiveInterchange(db, actor, body),
  }),
];
