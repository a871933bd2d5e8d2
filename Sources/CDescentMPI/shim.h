// The few things Swift cannot take from <mpi.h> directly: MPI's predefined handles (MPI_COMM_WORLD,
// MPI_DOUBLE, MPI_SUM, ...) and sentinels (MPI_IN_PLACE, MPI_STATUS_IGNORE) are macros, which Swift
// does not import. Each is returned by a static inline function of the same meaning, so the shim
// works with any MPI implementation of the standard C API (Open MPI's handles are pointers, MPICH's
// are integers; Swift sees whichever the installed mpi.h declares).
#ifndef DESCENT_MPI_SHIM_H
#define DESCENT_MPI_SHIM_H

#include <mpi.h>

static inline MPI_Comm descent_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Comm descent_mpi_comm_null(void) { return MPI_COMM_NULL; }
static inline MPI_Datatype descent_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype descent_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Datatype descent_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Request descent_mpi_request_null(void) { return MPI_REQUEST_NULL; }
static inline void *descent_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline int descent_mpi_success(void) { return MPI_SUCCESS; }
static inline int descent_mpi_undefined(void) { return MPI_UNDEFINED; }
static inline int descent_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }

/// MPI_Init_thread asking for MPI_THREAD_SERIALIZED (MPI calls from any thread, one at a time);
/// `provided` receives the level the library grants.
static inline int descent_mpi_init_serialized(int *provided) {
    return MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, provided);
}

/// The reduction operations Descent uses: 0 = MPI_SUM, 1 = MPI_MAX, 2 = MPI_MIN.
static inline MPI_Op descent_mpi_op(int kind) {
    switch (kind) {
    case 1: return MPI_MAX;
    case 2: return MPI_MIN;
    default: return MPI_SUM;
    }
}

/// Errors on `comm` are returned as codes (MPI_ERRORS_RETURN) instead of aborting the job, so Swift
/// can turn them into typed errors.
static inline int descent_mpi_errors_return(MPI_Comm comm) {
    return MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN);
}

/// MPI_Test without a status (MPI_STATUS_IGNORE is a macro).
static inline int descent_mpi_test(MPI_Request *request, int *done) {
    return MPI_Test(request, done, MPI_STATUS_IGNORE);
}

/// MPI_Wait without a status.
static inline int descent_mpi_wait(MPI_Request *request) {
    return MPI_Wait(request, MPI_STATUS_IGNORE);
}

/// MPI_Recv without a status.
static inline int descent_mpi_recv(void *buffer, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm) {
    return MPI_Recv(buffer, count, type, source, tag, comm, MPI_STATUS_IGNORE);
}

#endif
