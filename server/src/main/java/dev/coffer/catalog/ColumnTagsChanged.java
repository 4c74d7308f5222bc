package dev.coffer.catalog;

/**
 * The tags of some columns of a data source changed (by hand, by a classification, by an approved
 * proposal, or because the data source or a tag was deleted). Features that cache column tags (the
 * policies) listen to it. {@code dataSourceId} is {@code null} when every data source may be affected.
 */
public record ColumnTagsChanged(String dataSourceId) {
}
