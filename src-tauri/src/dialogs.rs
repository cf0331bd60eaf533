//! Native file dialogs (rfd, parented to the window).
//!
//! The end-to-end tests cannot drive a native dialog, so in debug builds
//! only two environment variables answer instead: `SAMDOK_TEST_SAVE_DIR` (a
//! save dialog returns the suggested name in that folder, a folder dialog
//! the folder itself) and `SAMDOK_TEST_OPEN_FILE` (a list of files
//! separated as in `PATH`: a dialog for several files returns each of
//! them, a dialog for one file the first). Release builds have no such override. Nothing else differs:
//! the same commands write and read real files.

use std::path::PathBuf;

/// The answer a test gives instead of the dialog (debug builds only).
#[cfg(debug_assertions)]
fn test_answer(var: &str) -> Option<PathBuf> {
    std::env::var_os(var).map(PathBuf::from)
}

#[cfg(not(debug_assertions))]
fn test_answer(_var: &str) -> Option<PathBuf> {
    None
}

pub async fn save_docx<R: tauri::Runtime>(
    window: &tauri::WebviewWindow<R>,
    title: &str,
    suggested: &str,
) -> Option<PathBuf> {
    save_file(window, title, suggested, "Word-dokument", "docx").await
}

pub async fn save_file<R: tauri::Runtime>(
    window: &tauri::WebviewWindow<R>,
    title: &str,
    suggested: &str,
    filter: &str,
    ext: &str,
) -> Option<PathBuf> {
    if let Some(dir) = test_answer("SAMDOK_TEST_SAVE_DIR") {
        return Some(dir.join(suggested));
    }
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .add_filter(filter, &[ext])
        .set_file_name(suggested)
        .set_parent(window)
        .save_file()
        .await
        .map(|f| f.path().to_path_buf())
}

/// A folder; in tests, `SAMDOK_TEST_SAVE_DIR` itself.
pub async fn pick_folder<R: tauri::Runtime>(
    window: &tauri::WebviewWindow<R>,
    title: &str,
) -> Option<PathBuf> {
    if let Some(dir) = test_answer("SAMDOK_TEST_SAVE_DIR") {
        return Some(dir);
    }
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_parent(window)
        .pick_folder()
        .await
        .map(|f| f.path().to_path_buf())
}

/// A file to read, any kind; in tests, the first of `SAMDOK_TEST_OPEN_FILE`.
pub async fn open_any<R: tauri::Runtime>(
    window: &tauri::WebviewWindow<R>,
    title: &str,
) -> Option<PathBuf> {
    open_file(window, title, None).await
}

/// A Word document to read; in tests, the first of `SAMDOK_TEST_OPEN_FILE`.
pub async fn open_docx<R: tauri::Runtime>(
    window: &tauri::WebviewWindow<R>,
    title: &str,
) -> Option<PathBuf> {
    open_file(window, title, Some(("Word-dokument", "docx"))).await
}

/// Word documents to read, one or many; in tests, the files listed in
/// `SAMDOK_TEST_OPEN_FILE`. Empty when cancelled.
pub async fn open_docx_many<R: tauri::Runtime>(
    window: &tauri::WebviewWindow<R>,
    title: &str,
) -> Vec<PathBuf> {
    if let Some(list) = test_answer("SAMDOK_TEST_OPEN_FILE") {
        return std::env::split_paths(&list).collect();
    }
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_parent(window)
        .add_filter("Word-dokument", &["docx"])
        .pick_files()
        .await
        .map(|files| files.iter().map(|f| f.path().to_path_buf()).collect())
        .unwrap_or_default()
}

async fn open_file<R: tauri::Runtime>(
    window: &tauri::WebviewWindow<R>,
    title: &str,
    filter: Option<(&str, &str)>,
) -> Option<PathBuf> {
    if let Some(list) = test_answer("SAMDOK_TEST_OPEN_FILE") {
        return std::env::split_paths(&list).next();
    }
    let mut dialog = rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_parent(window);
    if let Some((name, ext)) = filter {
        dialog = dialog.add_filter(name, &[ext]);
    }
    dialog.pick_file().await.map(|f| f.path().to_path_buf())
}
