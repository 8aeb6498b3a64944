//! Reading and checking the catalog directory at start (before anything is written).
//!
//! `CATALOG_DIR/cities.json` is the city list ([`CityList`]); `CATALOG_DIR/regions.json` the
//! region picker's data ([`RegionList`], checked with [`RegionList::check`]); every
//! `CATALOG_DIR/cities/*.json` is one joined city's services, checked with
//! [`parse_city_catalog`] and [`check_against_cities`] in file-name order. Any problem is a
//! [`LoadError`] naming the file (and for content problems the JSON field), and the server
//! does not start.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

use citizen_core::catalog::{check_against_cities, parse_city_catalog, CatalogError, CityCatalog};
use citizen_core::city::{is_division_code, City, CityList};
use citizen_core::region::RegionList;

/// A catalog directory that was read and checked.
#[derive(Debug, Clone)]
pub struct LoadedCatalog {
    /// `cities.json`'s `source`: where the city list comes from, with versions.
    pub source: String,
    /// Every city in `cities.json` order (pinyin order). `joined` and `launch_order` come
    /// from the catalog files: a city is joined exactly when it has one, and its launch
    /// position is the file's `launch_order`.
    pub cities: Vec<City>,
    /// The catalog files, in file-name order.
    pub catalogs: Vec<CityCatalog>,
    /// `regions.json`: provinces, cities and districts for region fields of forms.
    pub regions: RegionList,
}

/// Why the catalog directory could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file or directory could not be read.
    #[error("cannot read {}: {source} (set --catalog or CATALOG_DIR to the catalog directory)", path.display())]
    Read {
        /// What could not be read.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// A file's content is wrong.
    #[error("catalog file {}: field `{field}`: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// JSON path of the offending field (`services[2].category`), `.` for the whole file.
        field: String,
        /// What is wrong and how to fix it.
        message: String,
    },
}

impl LoadError {
    fn invalid(path: &Path, field: impl Into<String>, message: impl Into<String>) -> Self {
        LoadError::Invalid {
            path: path.to_path_buf(),
            field: field.into(),
            message: message.into(),
        }
    }

    fn from_catalog(dir: &Path, e: CatalogError) -> Self {
        LoadError::Invalid {
            path: dir.join(&e.file),
            field: e.field,
            message: e.message,
        }
    }
}

/// Reads and checks `dir/cities.json`, `dir/regions.json` and every `dir/cities/*.json`.
///
/// A missing `dir/cities/` directory means no city has joined yet.
///
/// Errors: an unreadable file (`regions.json` is required); malformed JSON or a wrong field
/// in `cities.json` (a code that is not 6 digits or is listed twice, an empty name, a
/// pinyin syllable that is empty or holds white space) or in `regions.json` (see
/// [`RegionList::check`]); any error of [`parse_city_catalog`] or [`check_against_cities`].
pub fn load_catalog(dir: &Path) -> Result<LoadedCatalog, LoadError> {
    let list_path = dir.join("cities.json");
    let list = read_city_list(&list_path)?;
    let mut cities = list.cities;
    let regions = read_regions(&dir.join("regions.json"))?;

    let files_dir = dir.join("cities");
    let mut catalogs = Vec::new();
    let mut seen_launch = HashSet::new();
    for (name, path) in catalog_files(&files_dir)? {
        let json = read(&path)?;
        let catalog =
            parse_city_catalog(&name, &json).map_err(|e| LoadError::from_catalog(&files_dir, e))?;
        check_against_cities(&name, &catalog, &cities, &mut seen_launch)
            .map_err(|e| LoadError::from_catalog(&files_dir, e))?;
        catalogs.push(catalog);
    }

    let joined: HashMap<&str, Option<u32>> = catalogs
        .iter()
        .map(|c| (c.city_code.as_str(), c.launch_order))
        .collect();
    for city in &mut cities {
        let entry = joined.get(city.code.as_str());
        city.joined = entry.is_some();
        city.launch_order = entry.copied().flatten();
    }
    Ok(LoadedCatalog {
        source: list.source,
        cities,
        catalogs,
        regions,
    })
}

/// Reads and checks `regions.json`.
fn read_regions(path: &Path) -> Result<RegionList, LoadError> {
    let json = read(path)?;
    let de = &mut serde_json::Deserializer::from_str(&json);
    let regions: RegionList = serde_path_to_error::deserialize(de)
        .map_err(|e| LoadError::invalid(path, e.path().to_string(), e.into_inner().to_string()))?;
    regions
        .check()
        .map_err(|(field, message)| LoadError::invalid(path, field, message))?;
    Ok(regions)
}

fn read(path: &Path) -> Result<String, LoadError> {
    std::fs::read_to_string(path).map_err(|source| LoadError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Parses and checks `cities.json`.
fn read_city_list(path: &Path) -> Result<CityList, LoadError> {
    let json = read(path)?;
    let de = &mut serde_json::Deserializer::from_str(&json);
    let list: CityList = serde_path_to_error::deserialize(de)
        .map_err(|e| LoadError::invalid(path, e.path().to_string(), e.into_inner().to_string()))?;
    if list.source.trim().is_empty() {
        return Err(LoadError::invalid(
            path,
            "source",
            "must say where the list comes from",
        ));
    }
    let mut codes = HashSet::new();
    for (i, city) in list.cities.iter().enumerate() {
        let at = |f: &str| format!("cities[{i}].{f}");
        if !is_division_code(&city.code) {
            return Err(LoadError::invalid(
                path,
                at("code"),
                format!("\"{}\" is not a 6-digit GB/T 2260 division code", city.code),
            ));
        }
        if !codes.insert(city.code.as_str()) {
            return Err(LoadError::invalid(
                path,
                at("code"),
                format!("{} is listed twice", city.code),
            ));
        }
        if city.name.trim().is_empty() {
            return Err(LoadError::invalid(path, at("name"), "must not be empty"));
        }
        // Stored space-joined in the database, so a syllable must be one word.
        if let Some(j) = city
            .pinyin
            .iter()
            .position(|s| s.is_empty() || s.contains(char::is_whitespace))
        {
            return Err(LoadError::invalid(
                path,
                at(&format!("pinyin[{j}]")),
                "must be one non-empty syllable without spaces",
            ));
        }
    }
    Ok(list)
}

/// The `*.json` files of `dir` as (file name, path), sorted by name. No directory, no files.
fn catalog_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, LoadError> {
    let read_err = |source| LoadError::Read {
        path: dir.to_path_buf(),
        source,
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            tracing::warn!(dir = %dir.display(), "no catalog files directory: no city has joined");
            return Ok(Vec::new());
        }
        Err(e) => return Err(read_err(e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(read_err)?;
        let path = entry.path();
        let file_name = entry.file_name();
        if !file_name.to_string_lossy().ends_with(".json") {
            continue;
        }
        let Some(name) = file_name.to_str().map(str::to_string) else {
            return Err(LoadError::invalid(
                &path,
                ".",
                "the file name is not valid UTF-8",
            ));
        };
        let is_file = entry
            .file_type()
            .map_err(|source| LoadError::Read {
                path: path.clone(),
                source,
            })?
            .is_file()
            || path.is_file();
        if is_file {
            files.push((name, path));
        }
    }
    files.sort();
    Ok(files)
}
