namespace GitDeploy.State;

/// <summary>Schema changes, append-only: a migration that shipped is never edited.</summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<string> All =
    [
        """
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE apps (
            name TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            app_id TEXT NOT NULL,
            app_key TEXT NOT NULL,
            master_key TEXT NOT NULL,
            hook_key TEXT NOT NULL
        );
        CREATE TABLE deploys (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            app TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
            env TEXT NOT NULL,
            ref TEXT NOT NULL,
            commit_sha TEXT NOT NULL,
            trigger TEXT NOT NULL,
            actor TEXT NOT NULL,
            status TEXT NOT NULL,
            tag TEXT,
            error TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT
        );
        CREATE TABLE releases (
            app TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            commit_sha TEXT NOT NULL,
            message TEXT NOT NULL,
            actor TEXT NOT NULL,
            deploy_id INTEGER NOT NULL,
            status TEXT NOT NULL,
            build_seconds REAL NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (app, tag)
        );
        CREATE TABLE environments (
            app TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
            env TEXT NOT NULL,
            active_tag TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (app, env)
        );
        CREATE TABLE instances (
            id TEXT PRIMARY KEY,
            app TEXT NOT NULL,
            env TEXT NOT NULL,
            name TEXT NOT NULL,
            tag TEXT NOT NULL,
            pid INTEGER NOT NULL,
            pid_start_ticks INTEGER NOT NULL,
            port INTEGER NOT NULL,
            started_at TEXT NOT NULL
        );
        """,
        """
        ALTER TABLE environments ADD COLUMN scale INTEGER NOT NULL DEFAULT 1;
        """,
        """
        ALTER TABLE apps ADD COLUMN branches TEXT;
        ALTER TABLE releases ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE releases ADD COLUMN pruned INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE deploys ADD COLUMN config TEXT;
        CREATE TABLE config_vars (
            app TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
            env TEXT NOT NULL,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (app, env, name)
        );
        CREATE TABLE tokens (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL,
            app TEXT,
            token_sha256 TEXT NOT NULL UNIQUE,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            app TEXT NOT NULL,
            env TEXT,
            action TEXT NOT NULL,
            detail TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX history_app ON history (app, id);
        """,
        // 4: webhook deploys (issue 5): each app's source repository and the deliveries already handled.
        """
        CREATE TABLE app_sources (
            app TEXT PRIMARY KEY REFERENCES apps(name) ON DELETE CASCADE,
            url TEXT NOT NULL,
            provider TEXT NOT NULL,
            branches TEXT NOT NULL,
            secret TEXT NOT NULL,
            credentials TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE webhook_deliveries (
            app TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
            delivery_id TEXT NOT NULL,
            provider TEXT NOT NULL,
            received_at TEXT NOT NULL,
            deploy_id INTEGER,
            outcome TEXT NOT NULL,
            PRIMARY KEY (app, delivery_id)
        );
        CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);
        """,
        // 5: custom domains (the router).
        """
        CREATE TABLE domains (
            domain TEXT PRIMARY KEY,
            app TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
            env TEXT NOT NULL,
            force_https INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        """,
        // 6: strict push as an app's default (issue 11): pushes build and start before the branch moves.
        """
        ALTER TABLE apps ADD COLUMN strict_push INTEGER NOT NULL DEFAULT 0;
        """,
        // 7: automatic HTTPS (ACME): each domain's HTTPS mode, and an automatic certificate's state.
        """
        ALTER TABLE domains ADD COLUMN https TEXT NOT NULL DEFAULT 'manual';
        CREATE TABLE domain_certificates (
            domain TEXT PRIMARY KEY REFERENCES domains(domain) ON DELETE CASCADE,
            issuer TEXT,
            not_before TEXT,
            not_after TEXT,
            obtained_at TEXT,
            last_error TEXT,
            last_error_at TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            retry_at TEXT
        );
        """,
        // 8: the release target each app runs on (issue 14): local (the server's supervisor) or swarm.
        """
        ALTER TABLE apps ADD COLUMN target TEXT NOT NULL DEFAULT 'local';
        """,
    ];
}
