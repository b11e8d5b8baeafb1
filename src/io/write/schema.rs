//! The Arrow schemas of the three tables: the column contract users build on. `schemas/*.json`
//! are generated from these (`CORPUSMILL_UPDATE_SCHEMAS=1 cargo test --test schemas`), and that
//! test fails when they drift.

use std::sync::Arc;

use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};

fn utf8(name: &str) -> Field {
    Field::new(name, DataType::Utf8, false)
}

fn nullable_utf8(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

/// `langs` element: a language and its share of the document's characters.
pub fn lang_share_fields() -> Fields {
    Fields::from(vec![
        utf8("lang"),
        Field::new("share", DataType::Float32, false),
    ])
}

pub fn langs_item() -> Arc<Field> {
    Arc::new(Field::new(
        "item",
        DataType::Struct(lang_share_fields()),
        false,
    ))
}

/// `furniture` element: a line or piece the cleaning removed, where it was in `text` (offset in
/// Unicode scalar values), of what kind.
pub fn furniture_fields() -> Fields {
    Fields::from(vec![
        Field::new("at", DataType::Int64, false),
        utf8("kind"),
        utf8("text"),
    ])
}

pub fn furniture_item() -> Arc<Field> {
    Arc::new(Field::new(
        "item",
        DataType::Struct(furniture_fields()),
        false,
    ))
}

pub fn documents() -> SchemaRef {
    Arc::new(Schema::new(vec![
        utf8("id"),
        utf8("text"),
        utf8("lang"),
        Field::new("lang_score", DataType::Float32, false),
        Field::new("langs", DataType::List(langs_item()), false),
        utf8("script"),
        utf8("source"),
        utf8("encoding"),
        utf8("sha256"),
        Field::new("n_chars", DataType::Int64, false),
        Field::new("n_sentences", DataType::Int32, false),
        Field::new("dup_count", DataType::Int32, false),
        utf8("cluster"),
        Field::new("cluster_size", DataType::Int32, false),
        nullable_utf8("url"),
        nullable_utf8("title"),
        nullable_utf8("date"),
        Field::new("furniture", DataType::List(furniture_item()), false),
    ]))
}

pub fn sentences() -> SchemaRef {
    Arc::new(Schema::new(vec![
        utf8("doc_id"),
        Field::new("idx", DataType::Int32, false),
        utf8("text"),
        utf8("lang"),
        Field::new("lang_score", DataType::Float32, false),
        Field::new("start", DataType::Int64, false),
        Field::new("end", DataType::Int64, false),
    ]))
}

pub fn removed() -> SchemaRef {
    Arc::new(Schema::new(vec![
        utf8("id"),
        utf8("source"),
        utf8("reason"),
        utf8("detail"),
        nullable_utf8("duplicate_of"),
        nullable_utf8("text"),
    ]))
}

/// The schema of a table by its config name, as used in the manifest.
pub fn by_config(config: &str) -> Option<SchemaRef> {
    match config {
        "documents" => Some(documents()),
        "sentences" => Some(sentences()),
        "removed" => Some(removed()),
        _ => None,
    }
}

/// A readable, stable JSON description of a schema for `schemas/`.
pub fn to_json(schema: &Schema) -> serde_json::Value {
    let fields: Vec<serde_json::Value> = schema.fields().iter().map(|f| field_json(f)).collect();
    serde_json::json!({ "fields": fields })
}

fn field_json(field: &Field) -> serde_json::Value {
    let mut value = serde_json::json!({
        "name": field.name(),
        "type": type_name(field.data_type()),
        "nullable": field.is_nullable(),
    });
    match field.data_type() {
        DataType::List(item) => value["item"] = field_json(item),
        DataType::Struct(fields) => {
            value["fields"] = fields.iter().map(|f| field_json(f)).collect();
        }
        _ => {}
    }
    value
}

fn type_name(t: &DataType) -> &'static str {
    match t {
        DataType::Utf8 => "string",
        DataType::Float32 => "float32",
        DataType::Int32 => "int32",
        DataType::Int64 => "int64",
        DataType::List(_) => "list",
        DataType::Struct(_) => "struct",
        _ => "other",
    }
}
