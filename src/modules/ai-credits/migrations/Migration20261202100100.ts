import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { DROP_USAGE_FEED_SQL, USAGE_FEED_SQL } from "../sql"

/**
 * Publishes the ledger's usage feed (the views aic_usage_feed and aic_usage_refund_feed, see
 * sql/views.ts), which the analytics module reads instead of the ledger's tables. After every
 * table migration: a view is checked against its tables when it is created.
 */
export class Migration20261202100100 extends Migration {
  override async up(): Promise<void> {
    this.addSql(USAGE_FEED_SQL)
  }

  override async down(): Promise<void> {
    this.addSql(DROP_USAGE_FEED_SQL)
  }
}
