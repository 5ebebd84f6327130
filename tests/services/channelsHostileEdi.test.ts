import { beforeEach, describe, expect, it } from "vitest";
import { receiveInterchange } from "../../server/services/channels/edi";
import { edi850, ediPartnerWorkspace, intakeRows } from "../support/channels";
import { useTestDatabase } from "../support/database";
import type { TestWorkspace } from "../support/factories";

const t = useTestDatabase("hostile_edi");

describe("hostile X12", () => {
  let w: TestWorkspace;
  let partnerId: string;
  beforeEach(async () => {
    ({ w, partnerId } = await ediPartnerWorkspace(t.db));
  });

  it("a PO1 naming 70,000 item ids is refused with the reason, and no SQL ever reaches the intake log", async () => {
    const ids = Array.from({ length: 70_000 }, (_, i) => `*BP*K${i}`).join("");
    const x = edi850({ onlyFirstSet: true }).replace("PO1*2*40*EA*3.2500**VN*LAV-10*BP*L1010~", `PO1*2*40*EA*3.2500**VN*LAV-10*BP*L1010${ids}~`);
    expect(x.length).toBeLessThan(1_000_000);
    const answer = await receiveInterchange(t.db, w.actors.admin, { interchange: x });
    expect(answer.status).toBe("REJECTED");
    expect(answer.outcomes[0]!.reasons.join(" ")).toMatch(/line 2: names 70,00\d item ids; a PO1 has at most 10/);
    const [row] = await intakeRows(t.db, partnerId);
    expect(JSON.stringify(row!.outcomes)).not.toMatch(/Failed query|select|params/i);
  }, 120_000);

  it("a set of 30,000 PO1 lines is refused for its length, naming the limit", async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `PO1*${i + 3}*1*EA**BP*L1010~`).join("\n");
    const x = edi850({ onlyFirstSet: true }).replace("PID*F****Lavender soap 10 g~\nCTT*2*52~\nSE*18*0001~", `PID*F****Lavender soap 10 g~\n${lines}\nSE*${18 + 30_000 - 1}*0001~`);
    expect(x.length).toBeLessThan(1_000_000);
    const answer = await receiveInterchange(t.db, w.actors.admin, { interchange: x });
    expect(answer.status).toBe("REJECTED");
    expect(answer.outcomes[0]!.reasons.join(" ")).toMatch(/the PO has 30,002 lines \(PO1\); one order holds at most 500/);
  }, 120_000);
});
