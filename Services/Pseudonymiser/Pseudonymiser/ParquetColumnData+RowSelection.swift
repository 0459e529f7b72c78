import Parquet

extension ParquetColumnData {
    /// The rows whose flag in `keep` is true, in order (`keep.count` must equal ``rowCount``).
    package func selecting(rows keep: [Bool]) -> ParquetColumnData {
        precondition(keep.count == rowCount, "selection mask does not match the column")
        var selectedValues = [Int]()
        selectedValues.reserveCapacity(values.count)
        var newValidity: [Bool]? = validity == nil ? nil : []
        newValidity?.reserveCapacity(keep.count)
        var valueIndex = 0
        for row in 0..<keep.count {
            let present = validity?[row] ?? true
            if keep[row] {
                newValidity?.append(present)
                if present { selectedValues.append(valueIndex) }
            }
            if present { valueIndex += 1 }
        }
        return ParquetColumnData(values: values.gathering(selectedValues), validity: newValidity)
    }
}

extension ParquetColumnValues {
    /// The values at `indices`, in that order.
    package func gathering(_ indices: [Int]) -> ParquetColumnValues {
        switch self {
        case .boolean(let array): return .boolean(indices.map { array[$0] })
        case .int32(let array): return .int32(indices.map { array[$0] })
        case .int64(let array): return .int64(indices.map { array[$0] })
        case .float(let array): return .float(indices.map { array[$0] })
        case .double(let array): return .double(indices.map { array[$0] })
        case .byteArray(let column): return .byteArray(column.gathering(indices))
        case .fixedLenByteArray(let column): return .fixedLenByteArray(column.gathering(indices))
        }
    }
}

extension ParquetByteArrayColumn {
    /// The values at `indices`, in that order.
    package func gathering(_ indices: [Int]) -> ParquetByteArrayColumn {
        var result = ParquetByteArrayColumn()
        result.reserve(values: indices.count, bytes: indices.reduce(0) { $0 + length($1) })
        for index in indices { result.append(self[index]) }
        return result
    }
}
