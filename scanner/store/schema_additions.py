"""Migrations 8 onwards of the store's schema, in order, after `schema_founding`'s 1–7.

Add a migration at the end of `ADDITIONS`; never edit one that has shipped.
"""

from __future__ import annotations

from scanner.store.dialect import Migration

ADDITIONS: list[str | Migration] = [
    # 8: the curation queue: model mentions still to review, per article, by confidence (a
    # partial index, so the queue and its size read only what is pending)
    """
    CREATE INDEX mentions_auto ON mentions(article_id, confidence) WHERE status = 'auto';
    """,
    # 9: clusters: how many of a week's cluster members were published that week (the rest
    # come from the look-back window), and reads by week
    """
    ALTER TABLE cluster_weeks ADD COLUMN recent INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX cluster_weeks_week ON cluster_weeks(week);
    CREATE INDEX cluster_members_week ON cluster_members(week, cluster_id);
    """,
    # 10: the articles whose stemmed copy is missing or stale, kept by triggers, so that
    # finding them costs the queue's length, not a scan of every article
    Migration(
        sqlite="""
    CREATE TABLE stem_queue (num INTEGER PRIMARY KEY);
    INSERT INTO stem_queue (num)
        SELECT a.num FROM articles a LEFT JOIN articles_stem s ON s.num = a.num
        WHERE s.num IS NULL;
    CREATE TRIGGER stem_queue_ai AFTER INSERT ON articles BEGIN
        INSERT OR IGNORE INTO stem_queue (num) VALUES (new.num);
    END;
    CREATE TRIGGER stem_queue_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT OR IGNORE INTO stem_queue (num) VALUES (new.num);
    END;
    CREATE TRIGGER stem_queue_ad AFTER DELETE ON articles BEGIN
        DELETE FROM stem_queue WHERE num = old.num;
    END;
    """,
        postgresql="""
    CREATE TABLE stem_queue (num BIGINT PRIMARY KEY);
    INSERT INTO stem_queue (num)
        SELECT a.num FROM articles a LEFT JOIN articles_stem s ON s.num = a.num
        WHERE s.num IS NULL;
    CREATE FUNCTION stem_queue_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO stem_queue (num) VALUES (NEW.num) ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$;
    CREATE FUNCTION stem_queue_drop() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM stem_queue WHERE num = OLD.num;
        RETURN NULL;
    END $$;
    CREATE TRIGGER stem_queue_ai AFTER INSERT ON articles
        FOR EACH ROW EXECUTE FUNCTION stem_queue_add();
    CREATE TRIGGER stem_queue_au AFTER UPDATE OF title, text ON articles
        FOR EACH ROW EXECUTE FUNCTION stem_queue_add();
    CREATE TRIGGER stem_queue_ad AFTER DELETE ON articles
        FOR EACH ROW EXECUTE FUNCTION stem_queue_drop();
    """,
    ),
    # 11: hardening. Web sessions kept server-side (the cookie holds a token whose hash is the
    # row's id), so logging out or changing a password ends them; a key/value table of the
    # watch's state (the "clusters are stale" mark that a killed run leaves for the next to
    # complete); when a failing URL may be retried (back-off across crawls)
    """
    CREATE TABLE web_sessions (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE INDEX web_sessions_user ON web_sessions(username);
    CREATE TABLE watch_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        at TEXT NOT NULL
    );
    ALTER TABLE fetch_state ADD COLUMN retry_at TEXT NOT NULL DEFAULT '';
    """,
    # 12: the maturity stage of each article (research … policy, NULL: off-topic or not said),
    # the trial phase when stated, why; read by the bulletin and the search stage filter
    Migration(
        sqlite="""
    CREATE TABLE article_stages (
        article_id TEXT PRIMARY KEY,
        stage TEXT,
        phase TEXT,
        confidence REAL NOT NULL DEFAULT 0,
        evidence TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX article_stages_stage ON article_stages(stage);
    CREATE TRIGGER article_stages_gone AFTER DELETE ON articles BEGIN
        DELETE FROM article_stages WHERE article_id = old.id;
    END;
    """,
        postgresql="""
    CREATE TABLE article_stages (
        article_id TEXT PRIMARY KEY,
        stage TEXT,
        phase TEXT,
        confidence DOUBLE PRECISION NOT NULL DEFAULT 0,
        evidence TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX article_stages_stage ON article_stages(stage);
    CREATE FUNCTION article_stages_drop() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM article_stages WHERE article_id = OLD.id;
        RETURN NULL;
    END $$;
    CREATE TRIGGER article_stages_gone AFTER DELETE ON articles
        FOR EACH ROW EXECUTE FUNCTION article_stages_drop();
    """,
    ),
    # 13: new actors: programmes and organisations found outside the gazetteers (origin rule
    # or model) are listed for curators, who confirm or reject each canonical name once
    """
    CREATE TABLE actor_decisions (
        kind TEXT NOT NULL,
        canonical TEXT NOT NULL,
        status TEXT NOT NULL,
        curator TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (kind, canonical)
    );
    CREATE INDEX mentions_unlisted ON mentions(kind, canonical)
        WHERE origin IN ('rule', 'model');
    """,
    # 14: how many articles hold each stem (FTS5's own vocabulary, read as a table): the
    # weight of a query concept by its rarity without counting matches (an FTS5 feature, like
    # migration 5). PostgreSQL counts the articles holding a stem from the GIN index of
    # migration 7 instead (`pg_fulltext.PgLexical`), which needs no table of its own
    Migration(
        sqlite="""
    CREATE VIRTUAL TABLE articles_stem_vocab USING fts5vocab(articles_stem_fts, 'row');
    """,
        postgresql="",
    ),
    # 15: saved searches (alerts) and the hits each has recorded: what `alerts run` finds new,
    # what its Atom feed lists, what is still to be mailed
    """
    CREATE TABLE alerts (
        name TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        filters TEXT NOT NULL DEFAULT '{}',
        mode TEXT NOT NULL DEFAULT 'hybrid',
        recipients TEXT NOT NULL DEFAULT '[]',
        created_by TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        last_run_at TEXT,
        last_error TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE alert_hits (
        alert TEXT NOT NULL,
        article_id TEXT NOT NULL,
        score REAL NOT NULL,
        found_at TEXT NOT NULL,
        mailed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (alert, article_id)
    );
    CREATE INDEX alert_hits_found ON alert_hits(alert, found_at);
    """,
    # 16: funding facts kept with their amount mention: role (the old vocabulary budget, aid,
    # fundraising becomes public_budget, grant, equity), whether it is this week's news, who
    # receives it, who pays (JSON list), under which programme, and which rule decided each
    # field (JSON object). Articles are processed again (pipeline version 3) to fill them.
    """
    ALTER TABLE mentions ADD COLUMN is_new INTEGER;
    ALTER TABLE mentions ADD COLUMN recipient TEXT;
    ALTER TABLE mentions ADD COLUMN payers TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE mentions ADD COLUMN programme TEXT;
    ALTER TABLE mentions ADD COLUMN decided_by TEXT NOT NULL DEFAULT '{}';
    UPDATE mentions SET role = CASE role
        WHEN 'budget' THEN 'public_budget'
        WHEN 'aid' THEN 'grant'
        WHEN 'fundraising' THEN 'equity'
        ELSE role END
    WHERE kind = 'amount' AND role IS NOT NULL;
    UPDATE mentions SET role = 'other' WHERE kind = 'amount' AND role IS NULL;
    UPDATE mentions SET role = NULL WHERE kind != 'amount';
    """,
    # 17: work shared by several processes or machines: claims on pending articles (`scanner
    # worker`), leases on sources (crawls), facts about the store itself (`scanner migrate`)
    """
    CREATE TABLE process_claims (
        num INTEGER PRIMARY KEY,
        worker TEXT NOT NULL,
        until REAL NOT NULL
    );
    CREATE INDEX process_claims_worker ON process_claims(worker);
    CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        until REAL NOT NULL
    );
    CREATE TABLE store_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
]
