/// Turns the footer's SchemaElements into a flat `ParquetSchema` and per-column read descriptors, resolving
/// annotations LogicalType → ConvertedType → physical type, and rejecting nested schemas.
enum FlatSchemaResolver {
    static func resolve(_ elements: [SchemaElement]) throws -> [ColumnDescriptor] {
        guard let root = elements.first else { throw ParquetError(.corruptMetadata, "empty schema") }
        let leaves = elements.dropFirst()
        // Physical types are validated before anything else (PARQUET-1481: an invalid enum is corrupt metadata).
        for element in leaves {
            if let type = element.type, ParquetPhysicalType(rawValue: type) == nil {
                throw ParquetError(.corruptMetadata, "invalid physical type \(type)", column: element.name)
            }
        }
        for element in leaves {
            let isGroup = element.type == nil || (element.numChildren ?? 0) > 0
            let nestedAnnotation = [ConvertedType.list, ConvertedType.map, ConvertedType.mapKeyValue].contains(element.convertedType ?? -1)
            var nestedLogical = false
            switch element.logicalType {
            case .list, .map, .variant: nestedLogical = true
            default: break
            }
            if isGroup || element.repetition == FieldRepetition.repeated || nestedAnnotation || nestedLogical {
                throw ParquetError(.unsupportedNestedSchema, "nested schema not supported (LIST, MAP, STRUCT or REPEATED field)", column: element.name)
            }
        }
        guard let childCount = root.numChildren, Int(childCount) == leaves.count else {
            throw ParquetError(.corruptMetadata, "root num_children does not match the \(leaves.count) schema leaves")
        }
        return try leaves.map(descriptor)
    }

    private static func descriptor(_ element: SchemaElement) throws -> ColumnDescriptor {
        guard let rawType = element.type, let physical = ParquetPhysicalType(rawValue: rawType) else {
            throw ParquetError(.corruptMetadata, "leaf without a physical type", column: element.name)
        }
        guard element.repetition == nil || element.repetition == FieldRepetition.required || element.repetition == FieldRepetition.optional else {
            throw ParquetError(.corruptMetadata, "invalid repetition type", column: element.name)
        }
        let nullable = element.repetition != FieldRepetition.required
        let typeLength = Int(element.typeLength ?? 0)
        if physical == .fixedLenByteArray && typeLength <= 0 {
            throw ParquetError(.corruptMetadata, "FIXED_LEN_BYTE_ARRAY without a positive type_length", column: element.name)
        }
        var conversion = ColumnDescriptor.ReadConversion.none
        let type = try logicalType(element, physical, &conversion)
        return ColumnDescriptor(
            column: ParquetColumn(element.name, type, nullable: nullable), physicalType: physical, typeLength: typeLength,
            conversion: conversion)
    }

    private static func physicalDefault(_ physical: ParquetPhysicalType) -> ParquetLogicalType {
        switch physical {
        case .boolean: .boolean
        case .int32: .int32
        case .int64: .int64
        case .int96: .timestamp(unit: .microseconds, isAdjustedToUTC: false)
        case .float: .float
        case .double: .double
        case .byteArray, .fixedLenByteArray: .binary
        }
    }

    private static func logicalType(
        _ element: SchemaElement, _ physical: ParquetPhysicalType, _ conversion: inout ColumnDescriptor.ReadConversion
    ) throws -> ParquetLogicalType {
        let fallback = physicalDefault(physical)
        func decimal(_ precision: Int, _ scale: Int) throws -> ParquetLogicalType {
            guard (1...38).contains(precision), (0...precision).contains(scale) else {
                throw ParquetError(.unsupported, "decimal(\(precision), \(scale)) is outside precision 1...38", column: element.name)
            }
            switch physical {
            case .int32, .int64: return .decimal(precision: precision, scale: scale)
            case .fixedLenByteArray, .byteArray:
                conversion = .decimalBytes
                return .decimal(precision: precision, scale: scale)
            default:
                throw ParquetError(.corruptMetadata, "DECIMAL on \(physical.name)", column: element.name)
            }
        }
        if let logical = element.logicalType {
            switch logical {
            case .string, .enumeration, .json:
                return physical == .byteArray ? .string : fallback
            case .date:
                return physical == .int32 ? .date : fallback
            case .timestamp(let utc, let unit):
                guard physical == .int64 else { return fallback }
                switch unit {
                case 1: return .timestamp(unit: .milliseconds, isAdjustedToUTC: utc)
                case 2: return .timestamp(unit: .microseconds, isAdjustedToUTC: utc)
                case 3: return .timestamp(unit: .nanoseconds, isAdjustedToUTC: utc)
                default: return fallback
                }
            case .decimal(let scale, let precision):
                return try decimal(Int(precision), Int(scale))
            case .integer(let width, let signed):
                if !signed && physical == .int32 {
                    conversion = .unsignedInt32
                    return .int64
                }
                if !signed && physical == .int64 { conversion = .unsignedInt64 }
                _ = width
                return fallback
            case .uuid, .float16, .bson:
                return .binary
            default:
                return fallback
            }
        }
        guard let converted = element.convertedType else { return fallback }
        switch converted {
        case ConvertedType.utf8, ConvertedType.enumeration, ConvertedType.json:
            return physical == .byteArray ? .string : fallback
        case ConvertedType.date:
            return physical == .int32 ? .date : fallback
        case ConvertedType.timestampMillis:
            return physical == .int64 ? .timestamp(unit: .milliseconds, isAdjustedToUTC: true) : fallback
        case ConvertedType.timestampMicros:
            return physical == .int64 ? .timestamp(unit: .microseconds, isAdjustedToUTC: true) : fallback
        case ConvertedType.decimal:
            return try decimal(Int(element.precision ?? 0), Int(element.scale ?? 0))
        case ConvertedType.uint8, ConvertedType.uint16, ConvertedType.uint32:
            if physical == .int32 {
                conversion = .unsignedInt32
                return .int64
            }
            return fallback
        case ConvertedType.uint64:
            if physical == .int64 { conversion = .unsignedInt64 }
            return fallback
        default:
            return fallback
        }
    }
}
