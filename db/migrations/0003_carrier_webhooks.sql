CREATE TABLE "carrier_webhook_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"carrier_id" uuid NOT NULL,
	"delivery_id" text NOT NULL,
	"tracking_number" text NOT NULL,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "carrier_webhook_receipts" ADD CONSTRAINT "carrier_webhook_receipts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_webhook_receipts" ADD CONSTRAINT "carrier_webhook_receipts_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "carrier_webhook_receipts_delivery" ON "carrier_webhook_receipts" USING btree ("carrier_id","delivery_id");