import Foundation

extension S3Client {
    /// One page of ListObjectsV2.
    ///
    /// - Parameters:
    ///   - prefix: only keys starting with it.
    ///   - delimiter: roll keys sharing the next delimiter-terminated segment into `commonPrefixes`.
    ///   - continuationToken: from the previous page.
    ///   - maxKeys: 1…1000 keys and prefixes per page.
    package func listObjectsV2(
        bucket: String, prefix: String = "", delimiter: String? = nil, continuationToken: String? = nil,
        maxKeys: Int = 1000, startAfter: String? = nil, expectedBucketOwner: String? = nil
    ) async throws -> S3ListPage {
        var query: [(String, String)] = [("list-type", "2"), ("max-keys", String(min(max(maxKeys, 1), 1000)))]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let startAfter { query.append(("start-after", startAfter)) }
        let headers = expectedBucketOwner.map { [("x-amz-expected-bucket-owner", $0)] } ?? []
        let request = try makeRequest(.GET, bucket: bucket, key: nil, query: query, headers: headers)
        let response = try await transport.execute(request, signing: signing, operation: "ListObjectsV2", logger: logger)
        let root = try AWSXMLElement.parse(response.body)
        guard root.name == "ListBucketResult" else {
            throw AWSError(.invalidResponse, "unexpected <\(root.name)> response", operation: "ListObjectsV2")
        }
        let objects = root.children("Contents").compactMap { item -> S3ObjectSummary? in
            guard let key = item.value("Key") else { return nil }
            return S3ObjectSummary(
                key: key, size: Int64(item.value("Size") ?? "") ?? 0, etag: item.value("ETag"),
                lastModified: item.value("LastModified").flatMap(AWSTimestamp.parse),
                storageClass: item.value("StorageClass"))
        }
        let prefixes = root.children("CommonPrefixes").compactMap { $0.value("Prefix") }
        let truncated = root.value("IsTruncated") == "true"
        let token = truncated ? root.value("NextContinuationToken").flatMap { $0.isEmpty ? nil : $0 } : nil
        if truncated, token == nil {
            throw AWSError(.invalidResponse, "truncated listing without a continuation token", operation: "ListObjectsV2")
        }
        return S3ListPage(objects: objects, commonPrefixes: prefixes, nextContinuationToken: token)
    }

    /// Every object under `prefix` (all pages), in key order.
    package func listAllObjects(bucket: String, prefix: String = "", expectedBucketOwner: String? = nil) async throws
        -> [S3ObjectSummary]
    {
        var objects: [S3ObjectSummary] = []
        var token: String?
        repeat {
            let page = try await listObjectsV2(
                bucket: bucket, prefix: prefix, continuationToken: token, expectedBucketOwner: expectedBucketOwner)
            objects += page.objects
            token = page.nextContinuationToken
        } while token != nil
        return objects
    }
}
