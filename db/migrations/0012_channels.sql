CREATE TYPE "public"."channel_kind" AS ENUM('SHOPIFY', 'SQUARE', 'EDI');--> statement-breakpoint
CREATE TYPE "public"."channel_outbox_action" AS ENUM('SHOPIFY_FULFILLMENT', 'SQUARE_FULFILLMENT', 'EDI_856', 'EDI_810');--> statement-breakpoint
CREATE TYPE "public"."edi_document_type" AS ENUM('850', '997', '856', '810');--> statement-breakpoint
CREATE TYPE "public"."intake_status" AS ENUM('RECEIVED', 'CREATED', 'AMENDED', 'CANCELLED', 'DUPLICATE', 'IGNORED', 'PARTIAL', 'REJECTED');--> statement-breakpoint
CREATE TYPE "public"."unknown_sku_policy" AS ENUM('REJECT', 'FLAG');--> statement-breakpoint
CREATE TABLE "channel_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" "channel_kind" NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"warehouse_id" uuid,
	"unknown_sku_policy" "unknown_sku_policy" DEFAULT 'REJECT' NOT NULL,
	"shop_domain" text,
	"location_id" text,
	"notification_url" text,
	"signing_secret" text,
	"access_token" text,
	"api_base_url" text,
	"account_id" uuid,
	"partner_qualifier" text,
	"partner_id" text,
	"our_qualifier" text,
	"our_id" text,
	"wants856" boolean DEFAULT true NOT NULL,
	"wants810" boolean DEFAULT true NOT NULL,
	"next_interchange_control" integer DEFAULT 1 NOT NULL,
	"next_group_control" integer DEFAULT 1 NOT NULL,
	"gs1_company_prefix" text,
	"next_sscc_serial" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_connections_control_numbers" CHECK ("channel_connections"."next_interchange_control" between 1 and 999999999 and "channel_connections"."next_group_control" between 1 and 999999999)
);
--> statement-breakpoint
CREATE TABLE "channel_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"fulfillment_id" uuid NOT NULL,
	"action" "channel_outbox_action" NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"done_at" timestamp with time zone,
	"gave_up_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_sku_maps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"channel_key" text NOT NULL,
	"product_id" uuid NOT NULL,
	"pack_size" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_sku_maps_pack_size" CHECK ("channel_sku_maps"."pack_size" > 0)
);
--> statement-breakpoint
CREATE TABLE "edi_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"type" "edi_document_type" NOT NULL,
	"outbound" boolean NOT NULL,
	"order_id" uuid,
	"intake_message_id" uuid,
	"interchange_control" integer NOT NULL,
	"group_control" integer,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intake_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"kind" "channel_kind" NOT NULL,
	"dedupe_key" text NOT NULL,
	"topic" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"body" text NOT NULL,
	"status" "intake_status" DEFAULT 'RECEIVED' NOT NULL,
	"outcomes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	"retry_at" timestamp with time zone,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "auto_allocate" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "channel_connection_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "channel_reference" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "channel_order_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shipping_minor" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "tax_minor" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_connections" ADD CONSTRAINT "channel_connections_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_connections" ADD CONSTRAINT "channel_connections_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_connections" ADD CONSTRAINT "channel_connections_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_outbox" ADD CONSTRAINT "channel_outbox_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_outbox" ADD CONSTRAINT "channel_outbox_connection_id_channel_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."channel_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_outbox" ADD CONSTRAINT "channel_outbox_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_outbox" ADD CONSTRAINT "channel_outbox_fulfillment_id_fulfillments_id_fk" FOREIGN KEY ("fulfillment_id") REFERENCES "public"."fulfillments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_sku_maps" ADD CONSTRAINT "channel_sku_maps_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_sku_maps" ADD CONSTRAINT "channel_sku_maps_connection_id_channel_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."channel_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_sku_maps" ADD CONSTRAINT "channel_sku_maps_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_documents" ADD CONSTRAINT "edi_documents_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_documents" ADD CONSTRAINT "edi_documents_connection_id_channel_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."channel_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_documents" ADD CONSTRAINT "edi_documents_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_documents" ADD CONSTRAINT "edi_documents_intake_message_id_intake_messages_id_fk" FOREIGN KEY ("intake_message_id") REFERENCES "public"."intake_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_messages" ADD CONSTRAINT "intake_messages_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_messages" ADD CONSTRAINT "intake_messages_connection_id_channel_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."channel_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_connections_workspace_name" ON "channel_connections" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "channel_connections_partner" ON "channel_connections" USING btree ("workspace_id","partner_qualifier","partner_id") WHERE "channel_connections"."kind" = 'EDI';--> statement-breakpoint
CREATE UNIQUE INDEX "channel_outbox_once" ON "channel_outbox" USING btree ("fulfillment_id","action");--> statement-breakpoint
CREATE INDEX "channel_outbox_due" ON "channel_outbox" USING btree ("next_attempt_at") WHERE "channel_outbox"."done_at" is null and "channel_outbox"."gave_up_at" is null;--> statement-breakpoint
CREATE INDEX "channel_outbox_order" ON "channel_outbox" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "channel_sku_maps_key" ON "channel_sku_maps" USING btree ("connection_id","channel_key");--> statement-breakpoint
CREATE INDEX "edi_documents_order" ON "edi_documents" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "edi_documents_connection" ON "edi_documents" USING btree ("connection_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_messages_dedupe" ON "intake_messages" USING btree ("connection_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "intake_messages_workspace_received" ON "intake_messages" USING btree ("workspace_id","received_at");--> statement-breakpoint
CREATE INDEX "intake_messages_unprocessed" ON "intake_messages" USING btree ("received_at") WHERE "intake_messages"."status" = 'RECEIVED';--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_channel_connection_id_channel_connections_id_fk" FOREIGN KEY ("channel_connection_id") REFERENCES "public"."channel_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_channel_order" ON "orders" USING btree ("channel_connection_id","channel_order_id");