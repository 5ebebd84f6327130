import { z } from "zod";
import { MAX_EVENT_TYPE_FILTERS } from "../../../services/events/eventTypes";
import { readLoopEvents, readLoopEventsInput } from "../../../services/events/readLoopEvents";
import { text } from "../../../services/fields";
import { outId, outList, outRecord, outText, outTime } from "../outputs";
import { restRoute, type RestRoute } from "../route";

const eventsQuery = z.object({
  after: readLoopEventsInput.shape.after,
  /** Comma-separated, as a query string carries a list: exact types or prefixes (`scm.fulfillment.*`). */
  types: text(MAX_EVENT_TYPE_FILTERS * 101).optional(),
  limit: readLoopEventsInput.shape.limit,
});

const eventPageOutput = z.object({
  events: outList(
    z.object({
      id: outId,
      type: outText(200),
      occurredAt: outTime,
      subject: z.object({ type: outText(64), id: outId, number: outText(64).nullable() }),
      fromState: outText(64).nullable(),
      toState: outText(64).nullable(),
      actorLabel: outText(300),
      payload: outRecord,
    }),
    500,
  ),
  nextCursor: outText(400),
});

export const eventRoutes: RestRoute[] = [
  restRoute({
    method: "GET",
    path: "/events",
    operationId: "listEvents",
    summary: "Read loop events after a cursor",
    description:
      "The loop events the key may see, in commit-safe order: an event whose transaction commits late is still delivered, and a cursor walk delivers each event exactly once. Pass `nextCursor` back as `after`; it is given even when nothing new arrived. A customer key reads its account's orders only, with payloads limited to references, quantities and tracking.",
    tag: "Events",
    query: eventsQuery,
    output: eventPageOutput,
    call: ({ db, actor }, { query }) =>
      readLoopEvents(db, actor, {
        after: query.after,
        limit: query.limit,
        types: query.types
          ?.split(",")
          .map((t) => t.trim())
          .filter(Boolean),
      }),
  }),
];
