-- Search at agency scale: every branch ranks a bounded set of candidates.
--
-- rs_search of 053 ranked every match of a branch before keeping the best
-- few: a common word of the attempts' summaries ("reinterview": 166,000
-- attempts of 1,000,000, 8,000 of one coach's) meant reading each matching
-- key from the heap and computing ts_rank on it, 0.5 to 2 s; a surname
-- common in the cases ("Whitfield", 4,000 cases as manager or HR contact)
-- meant word_similarity() on each of them. Here:
--   - names (clients, cases) are looked for twice at most: first the close
--     matches (word similarity at least 0.7: the GIN index itself leaves
--     the others out), and only when there are fewer of those than asked
--     for, the loose ones (the caller's pg_trgm.word_similarity_threshold,
--     0.5 for Search) that are not close. When enough close matches exist
--     they hold the best ones, so the ranking is unchanged;
--   - the name branches rank at most `cap` candidates (5 a hit asked for,
--     at least 100), the first the name indexes find;
--   - prose (attempts, notes) is first looked for among the caller's
--     newest `window` entries of the kind (50 a hit asked for), read
--     newest first through a btree on (coach_id, id), (id) for admins:
--     when at least as many match as hits were asked for, the word is
--     common lately and the newest `cap` of those matches are ranked.
--     Otherwise at most `cap` matches found through the full-text index
--     are: all of them for a word that rare. So a common word's hits are
--     ranked among a bounded set of its matches, the newest when it is
--     common lately; ts_rank gives such a word nearly the same score in
--     every short summary anyway.
-- The caller's scope is applied in the index conditions as before.
CREATE INDEX search_keys_attempt_recent_idx ON search_keys (coach_id, id) WHERE kind = 'a';
CREATE INDEX search_keys_note_recent_idx ON search_keys (coach_id, id) WHERE kind = 'n';
-- An admin's newest, in id order; the coach in it, so a coach's walk that
-- takes this index leaves the other coaches' entries out in the index.
CREATE INDEX search_keys_attempt_all_idx ON search_keys (id, coach_id) WHERE kind = 'a';
CREATE INDEX search_keys_note_all_idx ON search_keys (id, coach_id) WHERE kind = 'n';

CREATE OR REPLACE FUNCTION rs_search(p_query text, p_limit integer)
    RETURNS TABLE (kind text, id bigint, score float8)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 40
    AS $$
DECLARE
    v_admin boolean := coalesce(rs_is_admin(), false);
    -- A coach's entries only, through the coach_id column of the indexes;
    -- an admin's: every entry. Before the text's condition: when the
    -- planner leaves the coach out of the index scan, the coach's filter
    -- comes first and word_similarity() runs on the coach's rows only. The statements' parameters: $1 the folded
    -- text, $2 the caller, $3 cap, $4 the hits asked for, $5 the words,
    -- $6 window.
    v_scope text := CASE WHEN v_admin THEN '' ELSE 'AND s.coach_id = $2' END;
    v_loose text := current_setting('pg_trgm.word_similarity_threshold');
    v_close text := greatest(v_loose::float8, 0.7)::text;
    v_cap integer := greatest(5 * p_limit, 100);
    v_window integer := 50 * p_limit;
    v_indexscan text := current_setting('enable_indexscan');
    v_seqscan text := current_setting('enable_seqscan');
    v_text text := rs_fold(p_query);
    v_words tsquery := plainto_tsquery('simple', rs_fold(p_query));
    v_kind text;
    v_label text;
    v_ids bigint[];
    v_scores float8[];
    n bigint;
BEGIN
    IF NOT v_admin AND rs_actor() IS NULL THEN
        RETURN;
    END IF;
    FOREACH v_kind IN ARRAY ARRAY['c', 'k'] LOOP
        v_label := CASE v_kind WHEN 'c' THEN 'client' ELSE 'case' END;
        -- The loose matches, `cap` and one at most: when that is all of
        -- them, they are ranked.
        EXECUTE format($q$
            SELECT array_agg(c.id), array_agg(c.score) FROM
              (SELECT s.id, word_similarity($1, s.name)::float8 AS score FROM search_keys s
                WHERE s.kind = %2$L %1$s AND $1 <%% s.name LIMIT $3 + 1) c
            $q$, v_scope, v_kind)
            INTO v_ids, v_scores USING v_text, rs_actor(), v_cap;
        IF coalesce(cardinality(v_ids), 0) <= v_cap THEN
            RETURN QUERY SELECT v_label, u.id, u.score FROM unnest(v_ids, v_scores) u (id, score)
                          ORDER BY 3 DESC, 2 LIMIT p_limit;
            CONTINUE;
        END IF;
        -- More: the close ones (the GIN index itself leaves the others
        -- out), `cap` at most, and when there are fewer of those than hits
        -- asked for, the best of the loose ones found above that are not.
        PERFORM set_config('pg_trgm.word_similarity_threshold', v_close, true);
        RETURN QUERY EXECUTE format($q$
            SELECT %3$L::text, c.id, c.score FROM
              (SELECT s.id, word_similarity($1, s.name)::float8 AS score FROM search_keys s
                WHERE s.kind = %2$L %1$s AND $1 <%% s.name LIMIT $3) c
             ORDER BY 3 DESC, 2 LIMIT $4
            $q$, v_scope, v_kind, v_label)
            USING v_text, rs_actor(), v_cap, p_limit;
        GET DIAGNOSTICS n = ROW_COUNT;
        PERFORM set_config('pg_trgm.word_similarity_threshold', v_loose, true);
        IF n < p_limit THEN
            RETURN QUERY SELECT v_label, u.id, u.score FROM unnest(v_ids, v_scores) u (id, score)
                          WHERE u.score < v_close::float8 ORDER BY 3 DESC, 2 LIMIT p_limit - n;
        END IF;
    END LOOP;
    FOREACH v_kind IN ARRAY ARRAY['a', 'n'] LOOP
        v_label := CASE v_kind WHEN 'a' THEN 'attempt' ELSE 'note' END;
        -- The newest entries in scope, through a btree. A word's frequency
        -- in the statistics says nothing of one kind, one coach or the
        -- last weeks, so the entries are read rather than left to the
        -- planner's guess.
        RETURN QUERY EXECUTE format($q$
            WITH found AS (
                SELECT r.id, r.prose FROM
                  (SELECT s.id, s.prose FROM search_keys s WHERE s.kind = %2$L %1$s
                    ORDER BY s.id DESC LIMIT $6) r
                 WHERE r.prose @@ $5 ORDER BY r.id DESC LIMIT $3)
            SELECT %3$L::text, f.id,
                   ((ts_rank(f.prose, $5) / (1 + ts_rank(f.prose, $5)) + 0.5) / 1.5)::float8
              FROM found f WHERE (SELECT count(*) FROM found) >= $4
             ORDER BY 3 DESC, 2 DESC LIMIT $4
            $q$, v_scope, v_kind, v_label)
            USING v_text, rs_actor(), v_cap, p_limit, v_words, v_window;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n = 0 THEN
            -- Not common lately: at most `cap` matches, through the
            -- full-text index only (a bitmap scan: an index scan in id
            -- order, filtered, could read every entry in scope).
            PERFORM set_config('enable_indexscan', 'off', true);
            PERFORM set_config('enable_seqscan', 'off', true);
            RETURN QUERY EXECUTE format($q$
                SELECT %3$L::text, c.id,
                       ((ts_rank(c.prose, $5) / (1 + ts_rank(c.prose, $5)) + 0.5) / 1.5)::float8
                  FROM (SELECT s.id, s.prose FROM search_keys s
                         WHERE s.kind = %2$L %1$s AND s.prose @@ $5 LIMIT $3) c
                 ORDER BY 3 DESC, 2 DESC LIMIT $4
                $q$, v_scope, v_kind, v_label)
                USING v_text, rs_actor(), v_cap, p_limit, v_words;
            PERFORM set_config('enable_indexscan', v_indexscan, true);
            PERFORM set_config('enable_seqscan', v_seqscan, true);
        END IF;
    END LOOP;
END
$$;
