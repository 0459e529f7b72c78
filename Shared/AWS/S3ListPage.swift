import Foundation

/// One page of ListObjectsV2.
package struct S3ListPage: Sendable, Hashable {
    package var objects: [S3ObjectSummary]
    /// With a delimiter: the rolled-up prefixes, each ending in the delimiter.
    package var commonPrefixes: [String]
    /// Pass to the next call; nil on the last page.
    package var nextContinuationToken: String?

    package init(objects: [S3ObjectSummary], commonPrefixes: [String], nextContinuationToken: String?) {
        self.objects = objects
        self.commonPrefixes = commonPrefixes
        self.nextContinuationToken = nextContinuationToken
    }
}
