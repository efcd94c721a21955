//! The served site's PDFs. A rebuild hands them over untypeset; each is typeset when it is
//! first asked for, on a blocking thread, so a page reload never waits for one. A typeset PDF
//! is kept while its source is unchanged: a rebuild that changes nothing in it does not remake
//! it.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::render::pdf::{PdfJob, file_name, typeset_job};

/// The files of one job once typeset, by file name (`handbook.pdf`), or why it could not be.
type Made = Result<HashMap<String, Arc<[u8]>>, String>;

/// A job's PDFs: typeset on the first request, by that request.
pub(super) struct PendingPdf {
    job: Mutex<Option<PdfJob>>,
    made: OnceLock<Made>,
}

impl PendingPdf {
    /// The bytes of `name`, typesetting the job first if no one has yet (others asking
    /// meanwhile wait for that one typesetting).
    pub(super) fn get(&self, name: &str) -> Result<Arc<[u8]>, String> {
        let made = self.made.get_or_init(|| {
            let job = self
                .job
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            let Some(job) = job else {
                return Err("the PDF's job was already taken".to_string());
            };
            let typeset = typeset_job(job);
            crate::render::pdf::engine::forget_old_work();
            match typeset {
                Ok(files) => Ok(files
                    .into_iter()
                    .map(|file| (file_name(&file.path).to_string(), Arc::from(file.bytes)))
                    .collect()),
                Err(diagnostic) => Err(diagnostic.message),
            }
        });
        match made {
            Ok(files) => files
                .get(name)
                .cloned()
                .ok_or_else(|| format!("{name} is not one of this job's PDFs")),
            Err(message) => Err(message.clone()),
        }
    }
}

/// Every job of the session's latest site, by a hash of its sources.
#[derive(Default)]
pub(super) struct PdfStore {
    by_key: Mutex<HashMap<u64, Arc<PendingPdf>>>,
}

impl PdfStore {
    /// The pending PDFs of `job`: the ones already made when an earlier build had the same
    /// sources.
    pub(super) fn pending(&self, job: PdfJob) -> Arc<PendingPdf> {
        let key = job.key();
        let mut by_key = self.by_key.lock().unwrap_or_else(PoisonError::into_inner);
        by_key
            .entry(key)
            .or_insert_with(|| {
                Arc::new(PendingPdf {
                    job: Mutex::new(Some(job)),
                    made: OnceLock::new(),
                })
            })
            .clone()
    }

    /// Forgets the jobs a new site no longer has, so memory holds one site's PDFs.
    pub(super) fn keep_only(&self, kept: &[Arc<PendingPdf>]) {
        let kept: HashSet<*const PendingPdf> = kept.iter().map(Arc::as_ptr).collect();
        let mut by_key = self.by_key.lock().unwrap_or_else(PoisonError::into_inner);
        by_key.retain(|_, pending| kept.contains(&Arc::as_ptr(pending)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::engine::Document;

    fn job(text: &str) -> PdfJob {
        PdfJob::One {
            path: "handbook.pdf".to_string(),
            document: Document {
                source: text.to_string(),
                files: Vec::new(),
            },
        }
    }

    #[test]
    fn an_unchanged_source_keeps_its_typeset_pdf() {
        let store = PdfStore::default();
        let first = store.pending(job("Hello"));
        assert!(
            first.made.get().is_none(),
            "nothing is typeset before it is asked for"
        );
        let bytes = first.get("handbook.pdf").unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        // The next build hands over the same source: the PDF already made is kept.
        let again = store.pending(job("Hello"));
        assert!(Arc::ptr_eq(&first, &again));
        assert!(again.made.get().is_some());
        // A changed source is typeset anew, and the old one is forgotten.
        let changed = store.pending(job("Hello again"));
        assert!(!Arc::ptr_eq(&first, &changed));
        store.keep_only(std::slice::from_ref(&changed));
        let by_key = store.by_key.lock().unwrap();
        assert_eq!(by_key.len(), 1);
    }

    #[test]
    fn a_pdf_the_engine_cannot_typeset_is_an_error_not_a_panic() {
        let store = PdfStore::default();
        let pending = store.pending(job("#panic(\"no\")"));
        assert!(pending.get("handbook.pdf").is_err());
        assert!(
            pending.get("handbook.pdf").is_err(),
            "asked again, the same answer"
        );
    }
}
