extension UnsafeMutablePointer {
    /// A new allocation of `capacity` elements that holds the first `count` elements moved out of this one; this
    /// allocation is freed. The one growth step of the reader's and batch builder's manually managed buffers.
    func regrown(keeping count: Int, capacity: Int) -> UnsafeMutablePointer<Pointee> {
        let grown = UnsafeMutablePointer<Pointee>.allocate(capacity: capacity)
        grown.moveInitialize(from: self, count: count)
        deallocate()
        return grown
    }
}
