CREATE TYPE "public"."shipment_status" AS ENUM('IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'FAILURE');--> statement-breakpoint
CREATE TYPE "public"."zone_match" AS ENUM('POSTAL_PREFIX', 'REGION');--> statement-breakpoint
CREATE TABLE "packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"fulfillment_id" uuid NOT NULL,
	"weight_grams" integer NOT NULL,
	"length_mm" integer NOT NULL,
	"width_mm" integer NOT NULL,
	"height_mm" integer NOT NULL,
	CONSTRAINT "packages_positive" CHECK ("packages"."weight_grams" > 0 and "packages"."length_mm" > 0 and "packages"."width_mm" > 0 and "packages"."height_mm" > 0)
);
--> statement-breakpoint
CREATE TABLE "picks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"fulfillment_id" uuid NOT NULL,
	"fulfillment_line_id" uuid NOT NULL,
	"reservation_id" uuid NOT NULL,
	"position_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"actor_id" uuid,
	"picked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "picks_quantity_positive" CHECK ("picks"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "carrier_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"zone" text NOT NULL,
	"max_weight_grams" integer NOT NULL,
	"amount_minor" integer NOT NULL,
	"currency" text NOT NULL,
	CONSTRAINT "carrier_rates_positive" CHECK ("carrier_rates"."max_weight_grams" > 0 and "carrier_rates"."amount_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "carrier_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"carrier_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"transit_days" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "carrier_zones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"carrier_id" uuid NOT NULL,
	"zone" text NOT NULL,
	"match" "zone_match" NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "carriers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"tracking_url_template" text NOT NULL,
	"webhook_secret" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"fulfillment_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"carrier_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"tracking_number" text NOT NULL,
	"zone" text NOT NULL,
	"weight_grams" integer NOT NULL,
	"cost_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"label" jsonb NOT NULL,
	"status" "shipment_status" DEFAULT 'IN_TRANSIT' NOT NULL,
	"dispatched_at" timestamp with time zone NOT NULL,
	"estimated_delivery_on" date NOT NULL,
	"delivered_at" timestamp with time zone,
	"proof" jsonb
);
--> statement-breakpoint
ALTER TABLE "order_lines" DROP CONSTRAINT "order_lines_allocation_bounds";--> statement-breakpoint
ALTER TABLE "reservations" DROP CONSTRAINT "reservations_quantity_positive";--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "shipped_qty" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reservations" ADD COLUMN "picked_qty" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfillment_lines" ADD COLUMN "picked_qty" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfillment_lines" ADD COLUMN "shipped_qty" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD COLUMN "picking_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD COLUMN "packed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD COLUMN "shipped_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "packages" ADD CONSTRAINT "packages_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packages" ADD CONSTRAINT "packages_fulfillment_id_fulfillments_id_fk" FOREIGN KEY ("fulfillment_id") REFERENCES "public"."fulfillments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picks" ADD CONSTRAINT "picks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picks" ADD CONSTRAINT "picks_fulfillment_id_fulfillments_id_fk" FOREIGN KEY ("fulfillment_id") REFERENCES "public"."fulfillments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picks" ADD CONSTRAINT "picks_fulfillment_line_id_fulfillment_lines_id_fk" FOREIGN KEY ("fulfillment_line_id") REFERENCES "public"."fulfillment_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picks" ADD CONSTRAINT "picks_reservation_id_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."reservations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picks" ADD CONSTRAINT "picks_position_id_inventory_positions_id_fk" FOREIGN KEY ("position_id") REFERENCES "public"."inventory_positions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picks" ADD CONSTRAINT "picks_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picks" ADD CONSTRAINT "picks_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_rates" ADD CONSTRAINT "carrier_rates_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_rates" ADD CONSTRAINT "carrier_rates_service_id_carrier_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."carrier_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_services" ADD CONSTRAINT "carrier_services_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_services" ADD CONSTRAINT "carrier_services_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_zones" ADD CONSTRAINT "carrier_zones_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_zones" ADD CONSTRAINT "carrier_zones_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carriers" ADD CONSTRAINT "carriers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_fulfillment_id_fulfillments_id_fk" FOREIGN KEY ("fulfillment_id") REFERENCES "public"."fulfillments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_service_id_carrier_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."carrier_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "packages_fulfillment" ON "packages" USING btree ("fulfillment_id");--> statement-breakpoint
CREATE INDEX "picks_fulfillment" ON "picks" USING btree ("fulfillment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "carrier_rates_bracket" ON "carrier_rates" USING btree ("service_id","zone","max_weight_grams");--> statement-breakpoint
CREATE UNIQUE INDEX "carrier_services_carrier_code" ON "carrier_services" USING btree ("carrier_id","code");--> statement-breakpoint
CREATE INDEX "carrier_zones_carrier" ON "carrier_zones" USING btree ("carrier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "carriers_workspace_code" ON "carriers" USING btree ("workspace_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_carrier_tracking" ON "shipments" USING btree ("carrier_id","tracking_number");--> statement-breakpoint
CREATE INDEX "shipments_fulfillment" ON "shipments" USING btree ("fulfillment_id");--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_allocation_bounds" CHECK ("order_lines"."allocated_qty" >= 0 and "order_lines"."backordered_qty" >= 0 and "order_lines"."shipped_qty" >= 0 and "order_lines"."allocated_qty" + "order_lines"."backordered_qty" + "order_lines"."shipped_qty" <= "order_lines"."quantity");--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_quantity_positive" CHECK ("reservations"."quantity" > 0 and "reservations"."picked_qty" between 0 and "reservations"."quantity");--> statement-breakpoint
ALTER TABLE "fulfillment_lines" ADD CONSTRAINT "fulfillment_lines_progress" CHECK ("fulfillment_lines"."picked_qty" between 0 and "fulfillment_lines"."quantity" and "fulfillment_lines"."shipped_qty" between 0 and "fulfillment_lines"."picked_qty");