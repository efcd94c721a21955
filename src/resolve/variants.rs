//! The variants of a build as templates see them: the department a variant is for, with its
//! branding, and every variant's pages, for the department switcher and the home page's list.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::{Contact, DepartmentSource};
use crate::resolve::branding::{DarkShades, dark_shades, hex, parse_hex_colour, shade, tint};
use crate::resolve::{HOME_PATH, root_prefix};

/// A department's branding as templates receive it, with the shades the theme uses.
#[derive(Debug, Clone, Serialize)]
pub struct BrandingView {
    /// `#rrggbb`, validated, or none.
    pub accent: Option<String>,
    pub accent_dark: Option<String>,
    pub accent_wash: Option<String>,
    /// The accent's shades for the dark theme, or none.
    pub dark: Option<DarkShades>,
    /// Output-relative path of the logo (prefix it with `root`), or none.
    pub logo: Option<String>,
    pub footer: Option<String>,
}

/// The department a variant is for, as templates receive it (`department`).
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentView {
    pub id: String,
    pub name: String,
    pub summary: Option<String>,
    pub contact: Option<Contact>,
    pub branding: BrandingView,
}

/// The output name of a department's logo in its variant.
fn logo_output(department: &DepartmentSource) -> Option<String> {
    let logo = department.data.branding.logo.as_ref()?;
    let extension = Path::new(&logo.value)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    Some(match extension {
        Some(extension) => format!("department-logo.{extension}"),
        None => "department-logo".into(),
    })
}

impl DepartmentView {
    pub fn of(department: &DepartmentSource) -> Self {
        let data = &department.data;
        let rgb = data
            .branding
            .accent
            .as_ref()
            .and_then(|a| parse_hex_colour(&a.value));
        DepartmentView {
            id: department.id.clone(),
            name: data.name.clone(),
            summary: data.summary.clone(),
            contact: data.contact.clone(),
            branding: BrandingView {
                accent: rgb.map(hex),
                accent_dark: rgb.map(|c| hex(shade(c, 0.22))),
                accent_wash: rgb.map(|c| hex(tint(c, 0.9))),
                dark: rgb.map(dark_shades),
                logo: logo_output(department),
                footer: data.branding.footer.clone(),
            },
        }
    }
}

/// The logo file to copy into a department's variant, as (output path, file on disk).
pub fn logo_file(root: &Path, department: &DepartmentSource) -> Option<(String, PathBuf)> {
    let logo = department.data.branding.logo.as_ref()?;
    let relative = Path::new(&department.folder).join(&logo.value);
    crate::load::is_real_file(root, &relative).then(|| {
        (
            logo_output(department).unwrap_or_default(),
            root.join(relative),
        )
    })
}

/// One variant of a build: the organization-wide handbook or one department's.
#[derive(Debug, Clone)]
pub struct VariantEntry {
    /// `None` for the organization-wide handbook.
    pub id: Option<String>,
    pub name: String,
    pub summary: Option<String>,
    pub contact: Option<Contact>,
    /// Where the variant is in the output: `""` or `departments/<id>/`.
    pub base: String,
    /// Output paths of its pages, relative to `base`.
    pub pages: HashSet<String>,
    pub department: Option<DepartmentView>,
}

/// Every variant of a build, for the switcher and the home page's department list.
#[derive(Debug, Clone, Default)]
pub struct Variants {
    pub entries: Vec<VariantEntry>,
}

/// Which variant a site is, within its build.
#[derive(Debug, Clone, Copy)]
pub struct VariantRef<'p> {
    pub all: &'p Variants,
    pub index: usize,
}

/// A link of the department switcher (`switcher` in templates).
#[derive(Debug, Clone, Serialize)]
pub struct SwitchLink<'a> {
    /// The department id, or none for the organization-wide handbook.
    pub id: Option<&'a str>,
    pub name: &'a str,
    /// Relative URL from the current page: the same page in that variant, or its home page
    /// when it has no such page.
    pub url: String,
    /// This is the variant being viewed.
    pub current: bool,
    /// The link leads to the same page (false: to that variant's home page).
    pub same_page: bool,
}

/// A department on the home page's list (`departments` in templates).
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentCard<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub summary: Option<&'a str>,
    pub contact: Option<&'a Contact>,
    /// Relative URL of the department's home page from the current page.
    pub url: String,
    pub current: bool,
}

impl<'p> VariantRef<'p> {
    pub fn entry(&self) -> &'p VariantEntry {
        &self.all.entries[self.index]
    }

    pub fn department(&self) -> Option<&'p DepartmentView> {
        self.entry().department.as_ref()
    }

    /// Relative URL from `page_path` in this variant to `path` in variant `target`.
    fn url_to(&self, page_path: &str, target: &VariantEntry, path: &str) -> String {
        let up = root_prefix(&self.entry().base);
        format!("{}{up}{}{path}", root_prefix(page_path), target.base)
    }

    /// The switcher's links for a page; empty when the build has one variant only.
    pub fn switcher(&self, page_path: &str) -> Vec<SwitchLink<'p>> {
        if self.all.entries.len() < 2 {
            return Vec::new();
        }
        self.all
            .entries
            .iter()
            .enumerate()
            .map(|(index, target)| {
                let same_page = target.pages.contains(page_path);
                let path = if same_page { page_path } else { HOME_PATH };
                let url = if index == self.index {
                    // This very page: its own file name.
                    page_path
                        .rsplit('/')
                        .next()
                        .unwrap_or(page_path)
                        .to_string()
                } else {
                    self.url_to(page_path, target, path)
                };
                SwitchLink {
                    id: target.id.as_deref(),
                    name: &target.name,
                    url,
                    current: index == self.index,
                    same_page,
                }
            })
            .collect()
    }

    /// The departments of the build, for the home page.
    pub fn departments(&self, page_path: &str) -> Vec<DepartmentCard<'p>> {
        self.all
            .entries
            .iter()
            .enumerate()
            .filter_map(|(index, target)| {
                let id = target.id.as_deref()?;
                Some(DepartmentCard {
                    id,
                    name: &target.name,
                    summary: target.summary.as_deref(),
                    contact: target.contact.as_ref(),
                    url: self.url_to(page_path, target, HOME_PATH),
                    current: index == self.index,
                })
            })
            .collect()
    }

    /// The organization-wide home page from `page_path`, when the build has it.
    pub fn organization_home(&self, page_path: &str) -> Option<String> {
        let org = self.all.entries.iter().find(|e| e.id.is_none())?;
        Some(self.url_to(page_path, org, HOME_PATH))
    }
}
