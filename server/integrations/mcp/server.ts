import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { reportUnexpected } from "../../api/unexpectedError";
import { DomainError } from "../../domain/errors";
import { can } from "../../domain/permissions";
import { fulfillmentDetail, fulfillmentIdByNumber } from "../../services/fulfillment/queries";
import { getOrderDetailByNumber } from "../../services/orders/queries";
import { fulfillmentDetailOutput } from "../rest/resources/fulfillmentSchemas";
import { orderDetailOutput } from "../rest/resources/orderSchemas";
import { answerOf, type RestContext } from "../rest/route";
import { runTool, toolError, toolListing } from "./tool";
import { MCP_TOOLS } from "./tools";

/** The spec's code for a resource that does not exist (or that the key may not see: the same answer). */
const RESOURCE_NOT_FOUND = -32002;

const INSTRUCTIONS =
  "Loopline runs orders and their fulfillment for a brand's warehouses. Find orders with search_orders, read one with get_order (by id or number) and follow parcels with track_shipment. " +
  "Commands take the id get_order or search_orders gives, and an optional `version` (the one you last read) so a stale read is refused with VERSION_CONFLICT instead of overwriting someone's work. " +
  "Refusals come back as tool errors starting with a code: BAD_INPUT (names the field), NOT_FOUND, FORBIDDEN, INVALID_TRANSITION (with the allowed states), INSUFFICIENT_STOCK (with the shortage per SKU), LOT_NOT_USABLE, VERSION_CONFLICT.";

/**
 * The MCP server one request is answered by, built for the key that sent it: only the tools its
 * role may use are listed or callable, and every call runs as that key's actor (its workspace,
 * its account, "MCP · <key name>" on the events). Stateless: made and dropped per request.
 *
 * Tools are served by the SDK's low-level handlers, not `registerTool`: `registerTool` validates
 * arguments with its own message format before our code runs, and a refusal must read the same
 * as on every other transport (BAD_INPUT naming the field, from `parseInput`). Resources and the
 * prompt use the high-level API as it is.
 */
export function gatewayServer(ctx: RestContext): McpServer {
  const mcp = new McpServer({ name: "loopline", title: "Loopline Commerce Gateway", version: "1.0.0" }, { instructions: INSTRUCTIONS });
  const tools = MCP_TOOLS.filter((tool) => can(ctx.actor.role, tool.permission));
  const byName = new Map(tools.map((tool) => [tool.name, tool]));

  mcp.server.registerCapabilities({ tools: {} });
  mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.map(toolListing) }));
  mcp.server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = byName.get(request.params.name);
    // A tool the key's role is not offered reads like one that does not exist.
    if (!tool) return toolError(new DomainError("NOT_FOUND", `There is no tool ${request.params.name} for this key; tools/list shows the ones it may use.`), ctx.requestId, "MCP tools/call");
    return runTool(tool, ctx, request.params.arguments);
  });

  mcp.registerResource(
    "order",
    new ResourceTemplate("loopline://orders/{number}", { list: undefined }),
    { title: "An order", description: "An order by its number (`loopline://orders/LMB-ORD-2026-0041`), as get_order returns it.", mimeType: "application/json" },
    (uri, { number }) => readResource(ctx, uri, async () => answerOf(orderDetailOutput, await getOrderDetailByNumber(ctx.db, ctx.actor, variable(number)))),
  );
  if (can(ctx.actor.role, "fulfillment.read")) {
    mcp.registerResource(
      "fulfillment",
      new ResourceTemplate("loopline://fulfillments/{number}", { list: undefined }),
      { title: "A fulfillment", description: "A fulfillment by its number, as get_fulfillment returns it.", mimeType: "application/json" },
      (uri, { number }) => readResource(ctx, uri, async () => answerOf(fulfillmentDetailOutput, await fulfillmentDetail(ctx.db, ctx.actor, await fulfillmentIdByNumber(ctx.db, ctx.actor, variable(number))))),
    );
    mcp.registerPrompt(
      "summarise_exceptions",
      { title: "Summarise today's exceptions", description: "What needs a person now (short picks, lots gone unusable, failed deliveries, rejected or stuck channel intake, failing channel sends), why, and what to do next." },
      () => ({
        messages: [
          {
            role: "user",
            content: {
              type: "text",
              text:
                "Summarise today's exceptions in Loopline. Call get_daily_summary for today's figures and the open exceptions per kind, then list_exceptions for the exceptions themselves (get_fulfillment or get_order on a subject when the detail is not enough). " +
                "Group them by kind. For each, say the subject, the order number, what went wrong (from `detail`), since when, and the next step: SHORT_PICK: pick what turned up elsewhere, or resolve the short pick to ship what was found; " +
                "LOT_UNUSABLE: generate the pick list again to move the reservations to usable lots, or release the order if none are left; DELIVERY_FAILED: contact the carrier or the customer; " +
                "INTAKE_REJECTED: fix the cause (map the unknown SKU, correct the partner's data) and replay the message from the intake log; INTAKE_STUCK: check the worker is running; CHANNEL_SEND_FAILING: check the channel connection's credentials. " +
                "Say which began today. End with a count per kind. If there are none, say so in one line.",
            },
          },
        ],
      }),
    );
  }
  return mcp;
}

function variable(value: string | string[] | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  try {
    return decodeURIComponent(raw ?? "");
  } catch {
    return raw ?? "";
  }
}

/** A resource as JSON text; a refusal as a protocol error with the domain's message (resources have no tool errors), never the raw error. */
async function readResource(ctx: RestContext, uri: URL, read: () => Promise<unknown>) {
  try {
    return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(await read()) }] };
  } catch (error) {
    if (error instanceof DomainError) throw new McpError(error.code === "NOT_FOUND" ? RESOURCE_NOT_FOUND : ErrorCode.InvalidParams, `${error.code}: ${error.message}`);
    throw new McpError(ErrorCode.InternalError, reportUnexpected(error, `MCP resource ${uri.href}`, ctx.requestId).message);
  }
}
