import { listLots, listLotsInput } from "../../../services/inventory/lots";
import { listPositions, listPositionsInput } from "../../../services/inventory/queries";
import { receiveInventory, receiveInventoryInput } from "../../../services/inventory/receiveInventory";
import { setLotQcStatus, setLotQcStatusInput } from "../../../services/inventory/setLotQcStatus";
import { restRoute, type RestRoute } from "../route";
import { lotListOutput, lotOutput, positionListOutput, receiptOutput } from "./fulfillmentSchemas";

const TAG = "Inventory";

export const inventoryRoutes: RestRoute[] = [
  restRoute({
    method: "GET",
    path: "/inventory/positions",
    operationId: "listPositions",
    summary: "Stock positions",
    description: "Every SKU × lot × bin with on hand, reserved and available (on hand − reserved), FEFO order per SKU. Filter by exact `sku`, `lotCode`, `binCode`, or `search` (part of any of them).",
    tag: TAG,
    query: listPositionsInput,
    output: positionListOutput,
    call: async ({ db, actor }, { query }) => ({ rows: await listPositions(db, actor, query) }),
  }),
  restRoute({
    method: "POST",
    path: "/inventory/receipts",
    operationId: "receiveInventory",
    summary: "Receive stock into a bin",
    description: "A RECEIPT ledger row and the position, together. Without `lotCode` the receipt itself becomes the lot (FEFO acts as FIFO). Answers the position after the receipt.",
    tag: TAG,
    body: receiveInventoryInput,
    output: receiptOutput,
    successStatus: 201,
    call: ({ db, actor }, { body }) => receiveInventory(db, actor, body),
  }),
  restRoute({
    method: "GET",
    path: "/inventory/lots",
    operationId: "listLots",
    summary: "Lots and their QC status",
    description: "Each lot with its expiry, QC status and the stock it holds, soonest expiry first per SKU. Filter by `sku` and `qcStatus`.",
    tag: TAG,
    query: listLotsInput,
    output: lotListOutput,
    call: async ({ db, actor }, { query }) => ({ rows: await listLots(db, actor, query) }),
  }),
  restRoute({
    method: "POST",
    path: "/inventory/lots/qc-status",
    operationId: "setLotQcStatus",
    summary: "Set a lot's QC status (admin)",
    description: "Release, hold, quarantine or recall a lot, with a reason. It takes effect at once: the next allocation skips it, and the next pick list moves reservations off it.",
    tag: TAG,
    body: setLotQcStatusInput,
    output: lotOutput,
    call: ({ db, actor }, { body }) => setLotQcStatus(db, actor, body),
  }),
];
