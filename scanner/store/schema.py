"""The store's schema as an ordered list of migrations.

Each migration is applied once, in order, inside a transaction; `schema_version` records the
last one applied. Add a migration at the end; never edit one that has shipped. The SQL keeps
to what PostgreSQL also accepts, except FTS5 (SQLite's full-text index), which lives in its own
migration so another backend can replace it.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: sources, articles, mentions, themes, runs
    """
    CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        url TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        weight REAL NOT NULL DEFAULT 1.0,
        lang TEXT NOT NULL DEFAULT 'fr',
        added_at TEXT NOT NULL
    );
    CREATE TABLE articles (
        num INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        canonical_url TEXT NOT NULL UNIQUE,
        source_id TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        published TEXT,
        lang TEXT NOT NULL DEFAULT '',
        lang_ok INTEGER NOT NULL DEFAULT 1,
        author TEXT NOT NULL DEFAULT '',
        site_name TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL,
        story_id TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL,
        processed_key TEXT
    );
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_story ON articles(story_id);
    CREATE TABLE article_sources (
        article_id TEXT NOT NULL,
        source_id TEXT NOT NULL,
        url TEXT NOT NULL,
        PRIMARY KEY (article_id, source_id, url)
    );
    CREATE TABLE minhashes (
        article_id TEXT PRIMARY KEY,
        signature BLOB NOT NULL
    );
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        canonical TEXT NOT NULL DEFAULT '',
        value_eur REAL,
        currency TEXT,
        origin TEXT NOT NULL,
        approx INTEGER NOT NULL DEFAULT 0,
        low_eur REAL,
        high_eur REAL,
        role TEXT,
        confidence REAL NOT NULL DEFAULT 1.0,
        status TEXT NOT NULL DEFAULT 'auto'
    );
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE INDEX mentions_canonical ON mentions(kind, canonical);
    CREATE TABLE theme_scores (
        article_id TEXT NOT NULL,
        theme TEXT NOT NULL,
        score REAL NOT NULL,
        assigned INTEGER NOT NULL,
        evidence TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (article_id, theme)
    );
    CREATE INDEX theme_scores_theme ON theme_scores(theme, assigned);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        stage TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        seen INTEGER NOT NULL DEFAULT 0,
        done INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        errors TEXT NOT NULL DEFAULT '{}'
    );
    """,
    # 2: crawl state: conditional GET, known URLs, per-source statistics per run
    """
    CREATE TABLE fetch_state (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        status INTEGER,
        fetched_at TEXT NOT NULL,
        article_id TEXT
    );
    CREATE TABLE source_stats (
        run_id INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        at TEXT NOT NULL,
        listed INTEGER NOT NULL DEFAULT 0,
        fetched INTEGER NOT NULL DEFAULT 0,
        new INTEGER NOT NULL DEFAULT 0,
        duplicate INTEGER NOT NULL DEFAULT 0,
        not_modified INTEGER NOT NULL DEFAULT 0,
        robots INTEGER NOT NULL DEFAULT 0,
        errors TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (run_id, source_id)
    );
    """,
    # 3: embeddings cache (by content hash and model), clusters, bulletins
    """
    CREATE TABLE embeddings (
        content_hash TEXT NOT NULL,
        model TEXT NOT NULL,
        chunk INTEGER NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (content_hash, model, chunk)
    );
    CREATE TABLE clusters (
        id TEXT PRIMARY KEY,
        first_week TEXT NOT NULL,
        words TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE cluster_weeks (
        cluster_id TEXT NOT NULL,
        week TEXT NOT NULL,
        size INTEGER NOT NULL,
        growth REAL NOT NULL DEFAULT 0,
        lineage TEXT NOT NULL DEFAULT 'new',
        parents TEXT NOT NULL DEFAULT '[]',
        words TEXT NOT NULL DEFAULT '[]',
        centroid BLOB NOT NULL,
        PRIMARY KEY (cluster_id, week)
    );
    CREATE TABLE cluster_members (
        cluster_id TEXT NOT NULL,
        week TEXT NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (cluster_id, week, article_id)
    );
    CREATE TABLE bulletins (
        week TEXT PRIMARY KEY,
        generated_at TEXT NOT NULL,
        input_key TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE TABLE bulletin_items (
        week TEXT NOT NULL,
        article_id TEXT NOT NULL,
        theme TEXT NOT NULL,
        rank INTEGER NOT NULL,
        score REAL NOT NULL,
        reasons TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (week, theme, article_id)
    );
    """,
    # 4: curation: corrections (audit log), aliases, theme labels, users
    """
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        target TEXT NOT NULL,
        action TEXT NOT NULL,
        before TEXT NOT NULL DEFAULT '',
        after TEXT NOT NULL DEFAULT '',
        curator TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE aliases (
        kind TEXT NOT NULL,
        alias TEXT NOT NULL,
        canonical TEXT NOT NULL,
        curator TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (kind, alias)
    );
    CREATE TABLE theme_labels (
        article_id TEXT NOT NULL,
        theme TEXT NOT NULL,
        label INTEGER NOT NULL,
        curator TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (article_id, theme)
    );
    CREATE TABLE users (
        username TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT 'curator',
        created_at TEXT NOT NULL
    );
    """,
    # 5: full-text index (SQLite FTS5, accents folded), kept in step by triggers
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='num',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.num, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.num, old.title, old.text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.num, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.num, new.title, new.text);
    END;
    """,
    # 6: crawl: why a URL failed and how often (retried in later crawls), which source listed
    # it; richer per-source statistics; LSH bands of MinHash signatures (near-duplicate stories)
    """
    ALTER TABLE fetch_state ADD COLUMN error TEXT NOT NULL DEFAULT '';
    ALTER TABLE fetch_state ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE fetch_state ADD COLUMN retry INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE fetch_state ADD COLUMN source_id TEXT NOT NULL DEFAULT '';
    CREATE INDEX fetch_state_pending ON fetch_state(source_id, error);
    ALTER TABLE source_stats ADD COLUMN known INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE source_stats ADD COLUMN near_duplicate INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE source_stats ADD COLUMN lang_flagged INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE source_stats ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE source_stats ADD COLUMN seconds REAL NOT NULL DEFAULT 0;
    CREATE TABLE minhash_bands (
        hash INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (hash, article_id)
    );
    CREATE INDEX minhash_bands_article ON minhash_bands(article_id);
    """,
    # 7: French-aware lexical search: stemmed copies of article texts (written by the search
    # module, which stems in Python) with their own FTS5 index; SQL keeps them in step on
    # delete and marks them stale on edit (they are re-stemmed at the next search)
    """
    CREATE TABLE articles_stem (
        num INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE articles_stem_fts USING fts5(
        title, text, content='articles_stem', content_rowid='num',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_stem_ai AFTER INSERT ON articles_stem BEGIN
        INSERT INTO articles_stem_fts(rowid, title, text) VALUES (new.num, new.title, new.text);
    END;
    CREATE TRIGGER articles_stem_ad AFTER DELETE ON articles_stem BEGIN
        INSERT INTO articles_stem_fts(articles_stem_fts, rowid, title, text)
        VALUES ('delete', old.num, old.title, old.text);
    END;
    CREATE TRIGGER articles_stem_gone AFTER DELETE ON articles BEGIN
        DELETE FROM articles_stem WHERE num = old.num;
    END;
    CREATE TRIGGER articles_stem_stale AFTER UPDATE OF title, text ON articles BEGIN
        DELETE FROM articles_stem WHERE num = old.num;
    END;
    """,
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
    """
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
    """
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
    # migration 5: another backend replaces it)
    """
    CREATE VIRTUAL TABLE articles_stem_vocab USING fts5vocab(articles_stem_fts, 'row');
    """,
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
]
