import { listPositions, listPositionsInput } from "../../services/inventory/queries";
import { receiveInventory, receiveInventoryInput } from "../../services/inventory/receiveInventory";
import { setLotQcStatus, setLotQcStatusInput } from "../../services/inventory/setLotQcStatus";
import { adminProcedure, router, staffProcedure } from "../trpc";

export const inventoryRouter = router({
  positions: staffProcedure.input(listPositionsInput).query(({ ctx, input }) => listPositions(ctx.db, ctx.actor, input)),
  setLotQcStatus: adminProcedure.input(setLotQcStatusInput).mutation(({ ctx, input }) => setLotQcStatus(ctx.db, ctx.actor, input)),
  receive: staffProcedure.input(receiveInventoryInput).mutation(({ ctx, input }) => receiveInventory(ctx.db, ctx.actor, input)),
});
