import type { IntakeStatus } from "@/server/domain/channels";
import { humanize } from "../format";
import { INTAKE_STATUS_COLOR } from "./channelLabels";

export function IntakeStatusBadge({ status }: { status: IntakeStatus }) {
  return <span className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${INTAKE_STATUS_COLOR[status]}`} data-status={status}>{humanize(status)}</span>;
}
