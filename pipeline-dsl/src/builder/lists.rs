//! Helpers shared by the builders for keys that hold lists: appending commands to a
//! `Script`, items to a list that may hold a `!reference`, and growing a one-or-many value.
//!
//! Every list setter of the builder appends, so calling a setter twice keeps both calls'
//! items; these helpers are where that rule lives.

use crate::model::{OneOrMany, OrReference, Script, StringItem};

/// Appends `more` to the commands in `slot`, always leaving the list form.
///
/// A one-string `script: make` or a whole-key `!reference` already there becomes the
/// first item of the list, so nothing written before is lost.
pub(crate) fn append_script(slot: &mut Option<Script>, more: Script) {
    let items = script_items(more);
    let merged = match slot.take() {
        None => items,
        Some(old) => {
            let mut all = script_items(old);
            extend_snug(&mut all, items);
            all
        }
    };
    *slot = Some(Script::Lines(merged));
}

/// The items a script stands for, as list items.
fn script_items(script: Script) -> Vec<StringItem> {
    match script {
        Script::Line(s) => vec![StringItem::One(s)],
        Script::Lines(items) => items,
        Script::Reference(r) => vec![StringItem::Reference(r)],
    }
}

/// Appends `lines` to `slot` (any iterator of strings).
pub(crate) fn append_lines<I, S>(slot: &mut Option<Script>, lines: I)
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let items = lines
        .into_iter()
        .map(|s| StringItem::One(s.into()))
        .collect();
    append_script(slot, Script::Lines(items));
}

/// Appends `items` to a list that may be a whole-key `!reference`; `wrap` turns such a
/// reference into an item of the list when the item type can hold one (so it is kept),
/// and returns `None` when it cannot (the reference is then replaced).
pub(crate) fn append_or_reference<T>(
    slot: &mut Option<OrReference<Vec<T>>>,
    items: impl IntoIterator<Item = T>,
    wrap: impl FnOnce(crate::model::Reference) -> Option<T>,
) {
    let list = match slot.take() {
        None => Vec::new(),
        Some(OrReference::Value(v)) => v,
        Some(OrReference::Reference(r)) => wrap(r).into_iter().collect(),
    };
    let mut list = list;
    extend_snug(&mut list, items);
    *slot = Some(OrReference::Value(list));
}

/// Adds one value to a one-or-many key: the first value stays the one-value form, a
/// second turns it into a list.
pub(crate) fn push_one_or_many<T>(slot: &mut Option<OneOrMany<T>>, item: T) {
    *slot = Some(match slot.take() {
        None => OneOrMany::One(item),
        Some(OneOrMany::One(first)) => OneOrMany::Many(vec![first, item]),
        Some(OneOrMany::Many(mut v)) => {
            v.push(item);
            OneOrMany::Many(v)
        }
    });
}

/// Adds values to a one-or-many key, always leaving the list form.
pub(crate) fn extend_many<T>(slot: &mut Option<OneOrMany<T>>, items: impl IntoIterator<Item = T>) {
    let mut list = match slot.take() {
        None => Vec::new(),
        Some(OneOrMany::One(first)) => vec![first],
        Some(OneOrMany::Many(v)) => v,
    };
    extend_snug(&mut list, items);
    *slot = Some(OneOrMany::Many(list));
}

/// Appends strings to an optional plain list.
pub(crate) fn extend_strings<I, S>(slot: &mut Option<Vec<String>>, items: I)
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    extend_snug(
        slot.get_or_insert_with(Vec::new),
        items.into_iter().map(Into::into),
    );
}

/// Extends `list` without the spare room `Vec` leaves when it grows: a builder list
/// usually gets one or two items, one call at a time, and a big pipeline holds many such
/// lists (a `Vec` pushed to once keeps room for four). Long lists grow as usual.
pub(crate) fn extend_snug<T>(list: &mut Vec<T>, items: impl IntoIterator<Item = T>) {
    let items = items.into_iter();
    if list.len() < 16 {
        list.reserve_exact(items.size_hint().0);
    }
    list.extend(items);
}
