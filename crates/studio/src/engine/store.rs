//! Jobs on disk, in the library's SQLite database: every state change is one committed row
//! update, so a crash at any point leaves a job that the next start can pick up.

use super::job::Job;
use crate::job_request::JobRequest;
use crate::library::{keep_plain_links, LibraryError, ParentLink};
use kling_api::{ErrorCode, TaskKind};
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, kind, state, request, image_ref, image_tail_ref, external_task_id, task_id, attempts, \
     last_error, last_error_code, result_urls, item_ids, created_at, updated_at, submit_started_at, finished_at, next_check_at, \
     watermark_urls, charged_units, parents, video_ids, audio_urls";

fn job_from_row(row: &Row<'_>) -> rusqlite::Result<Job> {
    let kind: String = row.get(1)?;
    let state: String = row.get(2)?;
    let request: String = row.get(3)?;
    let urls: Option<String> = row.get(11)?;
    let items: Option<String> = row.get(12)?;
    let code: Option<String> = row.get(10)?;
    let bad = |i: usize, e: String| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into());
    let kind: TaskKind = kind.parse().map_err(|_| bad(1, format!("unknown kind {kind}")))?;
    // The id names temp files and log lines: only the UUIDs the engine makes.
    let id: String = row.get(0)?;
    if uuid::Uuid::parse_str(&id).is_err() {
        return Err(bad(0, "a job id that is not a UUID".into()));
    }
    Ok(Job {
        id,
        kind,
        state: state.parse().map_err(|e| bad(2, e))?,
        request: JobRequest::from_stored(kind, &request, row.get(4)?, row.get(5)?).map_err(|e| bad(3, e.to_string()))?,
        external_task_id: row.get(6)?,
        task_id: row.get(7)?,
        attempts: row.get(8)?,
        last_error: row.get(9)?,
        last_error_code: code.as_deref().map(ErrorCode::from_stored),
        result_urls: urls.and_then(|u| serde_json::from_str(&u).ok()).unwrap_or_default(),
        item_ids: items.and_then(|u| serde_json::from_str(&u).ok()).unwrap_or_default(),
        created_at: row.get(13)?,
        updated_at: row.get(14)?,
        submit_started_at: row.get(15)?,
        finished_at: row.get(16)?,
        next_check_at: row.get(17)?,
        watermark_urls: row.get::<_, Option<String>>(18)?.and_then(|u| serde_json::from_str(&u).ok()).unwrap_or_default(),
        charged_units: row.get::<_, Option<f64>>(19)?.filter(|u| u.is_finite() && *u >= 0.0),
        parents: stored_parents(row.get(20)?),
        video_ids: stored_video_ids(row.get(21)?),
        audio_urls: row.get::<_, Option<String>>(22)?.and_then(|u| serde_json::from_str(&u).ok()).unwrap_or_default(),
    })
}

/// The video ids kept with a job: input like the rest of the row, so only plain ids are kept
/// ("" in place of any other, so they stay aligned with the results).
fn stored_video_ids(json: Option<String>) -> Vec<String> {
    let ids: Vec<String> = json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default();
    ids.into_iter().map(|id| if kling_api::is_task_id(&id) { id } else { String::new() }).collect()
}

/// The parents kept with a job: input like the rest of the row, so only plain links are kept
/// (an unreadable list is no lineage, not a broken job).
fn stored_parents(json: Option<String>) -> Vec<ParentLink> {
    let mut links: Vec<ParentLink> = json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default();
    for why in keep_plain_links(&mut links) {
        tracing::warn!("a stored job's parent: {why}");
    }
    links
}

pub(crate) fn insert(conn: &Connection, job: &Job) -> Result<(), LibraryError> {
    conn.execute(
        &format!("INSERT INTO jobs ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)"),
        params![
            job.id,
            job.kind.as_str(),
            job.state.as_str(),
            job.request.to_stored_json(),
            job.request.image_ref(),
            job.request.image_tail_ref(),
            job.external_task_id,
            job.task_id,
            job.attempts,
            job.last_error,
            job.last_error_code.map(ErrorCode::as_str),
            serde_json::to_string(&job.result_urls).ok(),
            serde_json::to_string(&job.item_ids).ok(),
            job.created_at,
            job.updated_at,
            job.submit_started_at,
            job.finished_at,
            job.next_check_at,
            serde_json::to_string(&job.watermark_urls).ok(),
            job.charged_units,
            serde_json::to_string(&job.parents).ok(),
            serde_json::to_string(&job.video_ids).ok(),
            serde_json::to_string(&job.audio_urls).ok()
        ],
    )?;
    Ok(())
}

/// Writes every mutable field of the job (one row, one statement: atomic).
pub(crate) fn save(conn: &Connection, job: &Job) -> Result<(), LibraryError> {
    conn.execute(
        "UPDATE jobs SET state = ?2, external_task_id = ?3, task_id = ?4, attempts = ?5, last_error = ?6,
                last_error_code = ?7, result_urls = ?8, item_ids = ?9, updated_at = ?10, submit_started_at = ?11,
                finished_at = ?12, next_check_at = ?13, watermark_urls = ?14, charged_units = ?15,
                video_ids = ?16, audio_urls = ?17
         WHERE id = ?1",
        params![
            job.id,
            job.state.as_str(),
            job.external_task_id,
            job.task_id,
            job.attempts,
            job.last_error,
            job.last_error_code.map(ErrorCode::as_str),
            serde_json::to_string(&job.result_urls).ok(),
            serde_json::to_string(&job.item_ids).ok(),
            job.updated_at,
            job.submit_started_at,
            job.finished_at,
            job.next_check_at,
            serde_json::to_string(&job.watermark_urls).ok(),
            job.charged_units,
            serde_json::to_string(&job.video_ids).ok(),
            serde_json::to_string(&job.audio_urls).ok()
        ],
    )?;
    Ok(())
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Option<Job>, LibraryError> {
    Ok(conn.query_row(&format!("SELECT {COLUMNS} FROM jobs WHERE id = ?1"), [id], job_from_row).optional()?)
}

/// The rows a query found that are jobs the app could have written. The others (a planted or
/// damaged row) are left out, logged, and, when still unfinished, marked failed so that no
/// engine ever acts on them; one bad row never stops the queue.
fn readable(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Job>, LibraryError> {
    let mut stmt = conn.prepare(sql)?;
    let rows: Vec<(Option<String>, Result<Job, String>)> =
        stmt.query_map(params, |row| Ok((row.get::<_, String>(0).ok(), job_from_row(row).map_err(|e| e.to_string()))))?.collect::<Result<_, _>>()?;
    let mut jobs = Vec::with_capacity(rows.len());
    for (id, job) in rows {
        match job {
            Ok(job) => jobs.push(job),
            Err(why) => {
                tracing::warn!("left out a job row that is not one of ours: {why}");
                if let Some(id) = id {
                    conn.execute(
                        "UPDATE jobs SET state = 'failed', last_error = ?2, last_error_code = 'internal' WHERE id = ?1 AND state NOT IN ('done', 'failed')",
                        params![id, format!("this stored job is unreadable and was set aside ({why})")],
                    )?;
                }
            }
        }
    }
    Ok(jobs)
}

/// Jobs not yet done or failed, oldest first (the order they were asked for).
pub(crate) fn unfinished(conn: &Connection) -> Result<Vec<Job>, LibraryError> {
    readable(conn, &format!("SELECT {COLUMNS} FROM jobs WHERE state NOT IN ('done', 'failed') ORDER BY created_at, id"), [])
}

/// The newest jobs of any state, for the queue panel.
pub(crate) fn recent(conn: &Connection, limit: u32) -> Result<Vec<Job>, LibraryError> {
    readable(conn, &format!("SELECT {COLUMNS} FROM jobs ORDER BY created_at DESC, id DESC LIMIT ?1"), [limit])
}

pub(crate) fn remove(conn: &Connection, id: &str) -> Result<bool, LibraryError> {
    Ok(conn.execute("DELETE FROM jobs WHERE id = ?1", [id])? > 0)
}

/// Image jobs whose create went out but whose answer never came (left `submitting`, no task),
/// in the order their requests left.
pub(crate) fn lost_image_jobs(conn: &Connection) -> Result<Vec<Job>, LibraryError> {
    readable(
        conn,
        &format!("SELECT {COLUMNS} FROM jobs WHERE kind = ?1 AND state = 'submitting' AND task_id IS NULL ORDER BY submit_started_at, id"),
        [TaskKind::Image.as_str()],
    )
}

pub(crate) fn known_task_ids(conn: &Connection, kind: TaskKind) -> Result<std::collections::HashSet<String>, LibraryError> {
    let mut stmt = conn.prepare("SELECT task_id FROM jobs WHERE kind = ?1 AND task_id IS NOT NULL")?;
    let ids = stmt.query_map([kind.as_str()], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(ids)
}

/// Takes the lease on a job for `owner` until `until` (ms), when it is free, expired or already
/// ours. Returns whether we hold it now. One UPDATE: two engines cannot both win.
pub(crate) fn claim(conn: &Connection, id: &str, owner: &str, now: i64, until: i64) -> Result<bool, LibraryError> {
    let changed = conn.execute(
        "UPDATE jobs SET lease_owner = ?2, lease_until = ?4
         WHERE id = ?1 AND (lease_owner IS NULL OR lease_owner = ?2 OR lease_until < ?3)",
        params![id, owner, now, until],
    )?;
    Ok(changed > 0)
}

/// Gives up every lease `owner` holds, so another process may take its jobs at once.
pub(crate) fn release(conn: &Connection, owner: &str) -> Result<(), LibraryError> {
    conn.execute("UPDATE jobs SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ?1", [owner])?;
    Ok(())
}

/// Keeps every unfinished job this engine holds leased a while longer.
pub(crate) fn renew(conn: &Connection, owner: &str, until: i64) -> Result<(), LibraryError> {
    conn.execute("UPDATE jobs SET lease_until = ?2 WHERE lease_owner = ?1 AND state NOT IN ('done', 'failed')", params![owner, until])?;
    Ok(())
}

/// The request body changes only on a user's retry (a fresh external id).
pub(crate) fn save_request(conn: &Connection, job: &Job) -> Result<(), LibraryError> {
    conn.execute("UPDATE jobs SET request = ?2 WHERE id = ?1", params![job.id, job.request.to_stored_json()])?;
    Ok(())
}

/// Rewrites rows stored before requests were typed (schema 1) in today's form, once per library.
/// Rows that cannot be read are left as they are (the engine reports them when it meets them).
/// Returns how many rows were upgraded.
pub(crate) fn upgrade_requests(conn: &Connection) -> Result<usize, LibraryError> {
    type OldRow = (String, String, String, Option<String>, Option<String>, Option<String>);
    let old: Vec<OldRow> = {
        let mut stmt = conn.prepare(
            "SELECT id, kind, request, image_ref, image_tail_ref, last_error FROM jobs
             WHERE json_valid(request) AND json_extract(request, '$.schema') IS NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?.collect::<Result<_, _>>()?;
        rows
    };
    let tx = conn.unchecked_transaction()?;
    let mut upgraded = 0;
    for (id, kind, body, image, image_tail, last_error) in old {
        let Ok(kind) = kind.parse::<TaskKind>() else { continue };
        match JobRequest::from_stored(kind, &body, image, image_tail) {
            Ok(request) => {
                let detail = last_error.as_deref().map(legacy_detail);
                tx.execute("UPDATE jobs SET request = ?2, last_error = ?3 WHERE id = ?1", params![id, request.to_stored_json(), detail])?;
                upgraded += 1;
            }
            Err(e) => tracing::warn!("job {id}: its request could not be upgraded ({e})"),
        }
    }
    tx.commit()?;
    Ok(upgraded)
}

/// Version 1 stored a finished sentence ("what — what to do"); today's rows keep only the what,
/// and each face adds its own advice.
fn legacy_detail(sentence: &str) -> &str {
    let what = sentence.split(" — ").next().unwrap_or(sentence);
    what.strip_prefix("Kling could not generate this: ").unwrap_or(what)
}
