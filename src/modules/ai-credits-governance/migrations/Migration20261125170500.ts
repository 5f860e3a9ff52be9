import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125170500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ai_credit_role_assignment" drop constraint if exists "ai_credit_role_assignment_user_id_role_unique";`);
    this.addSql(`alter table if exists "ai_credit_module_access" drop constraint if exists "ai_credit_module_access_module_scope_unique";`);
    this.addSql(`alter table if exists "ai_credit_bulk_job_item" drop constraint if exists "ai_credit_bulk_job_item_job_id_position_unique";`);
    this.addSql(`alter table if exists "ai_credit_approval_request" drop constraint if exists "ai_credit_approval_request_rule_id_subject_bucket_start_unique";`);
    this.addSql(`create table if not exists "ai_credit_approval_request" ("id" text not null, "status" text check ("status" in ('pending', 'approved', 'rejected', 'expired')) not null default 'pending', "rule_id" text not null, "rule_name" text not null, "subject" text not null, "bucket_start" timestamptz not null, "window_resets_at" timestamptz not null, "module" text null, "metric" text not null, "requester_type" text check ("requester_type" in ('customer', 'user', 'visitor')) not null, "requester_id" text null, "requested_amount" integer not null, "granted_amount" integer null, "reason" text null, "decision_note" text null, "decided_by" text null, "decided_at" timestamptz null, "expires_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_approval_request_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_approval_request_deleted_at" ON "ai_credit_approval_request" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_approval_request_status_created_at" ON "ai_credit_approval_request" ("status", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_approval_request_rule_id_subject_status" ON "ai_credit_approval_request" ("rule_id", "subject", "status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_approval_request_requester_type_requester_id" ON "ai_credit_approval_request" ("requester_type", "requester_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_approval_request_rule_id_subject_bucket_start_unique" ON "ai_credit_approval_request" ("rule_id", "subject", "bucket_start") WHERE status = 'pending' AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_bulk_job" ("id" text not null, "name" text not null, "module" text not null, "status" text check ("status" in ('queued', 'running', 'paused_insufficient_credits', 'completed', 'canceled', 'failed')) not null default 'queued', "created_by" text not null, "wallet_id" text null, "batch_size" integer not null default 10, "items_per_hour" integer null, "items_total" integer not null, "items_done" integer not null default 0, "items_failed" integer not null default 0, "next_position" integer not null default 0, "estimated_credits_per_item" integer not null, "credits_spent" integer not null default 0, "last_error" text null, "started_at" timestamptz null, "finished_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_bulk_job_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_bulk_job_deleted_at" ON "ai_credit_bulk_job" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_bulk_job_status_module_created_at" ON "ai_credit_bulk_job" ("status", "module", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_bulk_job_item" ("id" text not null, "position" integer not null, "reference" text null, "prompt" text not null, "status" text check ("status" in ('pending', 'done', 'failed')) not null default 'pending', "output" text null, "input_tokens" integer null, "output_tokens" integer null, "error" text null, "processed_at" timestamptz null, "job_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_bulk_job_item_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_bulk_job_item_job_id" ON "ai_credit_bulk_job_item" ("job_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_bulk_job_item_deleted_at" ON "ai_credit_bulk_job_item" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_bulk_job_item_job_id_position_unique" ON "ai_credit_bulk_job_item" ("job_id", "position") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_bulk_job_item_status_processed_at" ON "ai_credit_bulk_job_item" ("status", "processed_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_module_access" ("id" text not null, "module" text not null, "scope" text check ("scope" in ('requests', 'bulk_jobs')) not null, "roles" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_module_access_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_module_access_deleted_at" ON "ai_credit_module_access" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_module_access_module_scope_unique" ON "ai_credit_module_access" ("module", "scope") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_role_assignment" ("id" text not null, "user_id" text not null, "role" text not null, "assigned_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_role_assignment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_role_assignment_deleted_at" ON "ai_credit_role_assignment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_role_assignment_user_id_role_unique" ON "ai_credit_role_assignment" ("user_id", "role") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "ai_credit_bulk_job_item" add constraint "ai_credit_bulk_job_item_job_id_foreign" foreign key ("job_id") references "ai_credit_bulk_job" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "ai_credit_bulk_job_item" drop constraint if exists "ai_credit_bulk_job_item_job_id_foreign";`);

    this.addSql(`drop table if exists "ai_credit_approval_request" cascade;`);

    this.addSql(`drop table if exists "ai_credit_bulk_job" cascade;`);

    this.addSql(`drop table if exists "ai_credit_bulk_job_item" cascade;`);

    this.addSql(`drop table if exists "ai_credit_module_access" cascade;`);

    this.addSql(`drop table if exists "ai_credit_role_assignment" cascade;`);
  }

}
