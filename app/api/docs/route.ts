import { ApiReference } from "@scalar/nextjs-api-reference";

// Scalar renders openapi.json, with "try it" against this instance (the document's server is
// the relative /api/v1). Scalar's script comes from its CDN.
export const GET = ApiReference({ url: "/api/v1/openapi.json", pageTitle: "Loopline API" });
