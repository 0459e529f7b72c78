#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H

#include <libpq-fe.h>

// libpq's PG_DIAG_* field codes are character-literal macros, which Swift does not import.
// These helpers read one diagnostic field of an error result (NULL when absent).

/// The five-character SQLSTATE of an error result (PG_DIAG_SQLSTATE).
static inline const char *CLibPQ_sqlState(const PGresult *result) {
    return PQresultErrorField(result, PG_DIAG_SQLSTATE);
}

/// The primary, human-readable server message (PG_DIAG_MESSAGE_PRIMARY).
static inline const char *CLibPQ_messagePrimary(const PGresult *result) {
    return PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
}

/// The optional detail message, which may quote row values (PG_DIAG_MESSAGE_DETAIL).
static inline const char *CLibPQ_messageDetail(const PGresult *result) {
    return PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
}

/// The optional hint (PG_DIAG_MESSAGE_HINT).
static inline const char *CLibPQ_messageHint(const PGresult *result) {
    return PQresultErrorField(result, PG_DIAG_MESSAGE_HINT);
}

#endif
