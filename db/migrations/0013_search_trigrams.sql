-- pg_trgm is a trusted extension (Postgres 13+): the database owner may create it. PGlite loads it in db/client.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "orders_search_number" ON "orders" USING gin ("number" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "orders_search_customer_name" ON "orders" USING gin ("customer_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "orders_search_buyer_po" ON "orders" USING gin ("buyer_po" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "orders_search_channel_reference" ON "orders" USING gin ("channel_reference" gin_trgm_ops);