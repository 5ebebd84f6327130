// How big any input may be. Integers are bounded so that every column (int4) and every product
// of them (line amounts, order totals) still fits; dates so that nothing is planned in year 0.

/** Postgres `integer`: the widest whole number a column holds. */
export const MAX_INT4 = 2_147_483_647;

/** Base units on one order line, received in one receipt, or picked in one confirmation. */
export const MAX_QUANTITY = 1_000_000;

/** One unit's price or one rate, in minor units ($1,000,000.00). */
export const MAX_PRICE_MINOR = 100_000_000;

/** Lines on one order; rules in one carrier table. */
export const MAX_ORDER_LINES = 500;
export const MAX_TABLE_ROWS = 2_000;
/** Services of one carrier: a handful in practice; each is synced row by row. */
export const MAX_CARRIER_SERVICES = 50;
/** A URL someone configures (a tracking page template). */
export const MAX_URL = 500;

/** Dates anyone plans with: ship dates, delivery windows, expiry. */
export const EARLIEST_DATE = "2000-01-01";
export const LATEST_DATE = "2099-12-31";

/** Free text lengths: codes and references, names, addresses and notes. */
export const MAX_CODE = 64;
export const MAX_NAME = 200;
export const MAX_NOTE = 1_000;

/** The net under every schema: no string in any input is longer, whatever its field. */
export const MAX_TEXT_ANYWHERE = 10_000;

/** Inserts are split so that no statement binds more parameters than Postgres allows (65,535). */
export const MAX_BIND_PARAMETERS = 65_535;

/** Weights in grams (a package, a rate bracket) and package sides in millimetres. */
export const MAX_WEIGHT_GRAMS = 1_000_000;
export const MAX_DIMENSION_MM = 10_000;

/** Orders, fulfillments and carriers carry a version; it counts edits, and stays in int4. */
export const MAX_VERSION = MAX_INT4;

/** Calls in one tRPC batch; request bodies for tRPC and for carrier webhooks. */
export const MAX_BATCH_CALLS = 50;
export const MAX_TRPC_BODY_BYTES = 1_000_000;
export const MAX_WEBHOOK_BODY_BYTES = 256_000;
