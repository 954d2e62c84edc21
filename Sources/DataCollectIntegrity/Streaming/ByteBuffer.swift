/// A growable byte buffer for building hash inputs in hot loops: appends are plain copies,
/// without the uniqueness and capacity bookkeeping of `Array` on every call, and the storage
/// is kept from one use to the next. Owned by one thread at a time.
///
/// ```swift
/// let buffer = ByteBuffer()
/// buffer.append(0x00)
/// Array("abc".utf8).withUnsafeBytes { buffer.append($0) }
/// Hash256.sha256(buffer.bytes)
/// ```
public final class ByteBuffer {
    @usableFromInline
    struct State {
        @usableFromInline var base: UnsafeMutableRawPointer
        @usableFromInline var count: Int
        @usableFromInline var capacity: Int
    }

    /// The state lives behind a constant pointer: a class's stored `var`s would cost a dynamic
    /// exclusivity check on every access, which dominated the verifier's profile.
    @usableFromInline let state: UnsafeMutablePointer<State>

    public init(capacity: Int = 1024) {
        let capacity = max(capacity, 16)
        state = .allocate(capacity: 1)
        state.initialize(to: State(base: .allocate(byteCount: capacity, alignment: 16), count: 0, capacity: capacity))
    }

    deinit {
        state.pointee.base.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    public var count: Int { state.pointee.count }

    /// The bytes written so far (valid until the next append).
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: state.pointee.base, count: state.pointee.count)
    }

    public func removeAll() {
        state.pointee.count = 0
    }

    /// Makes room for `extra` more bytes; returns where they go.
    @inlinable
    func extend(by extra: Int) -> UnsafeMutableRawPointer {
        let count = state.pointee.count
        if count + extra > state.pointee.capacity { grow(to: count + extra) }
        state.pointee.count = count + extra
        return state.pointee.base + count
    }

    @usableFromInline
    func grow(to needed: Int) {
        var capacity = state.pointee.capacity * 2
        while needed > capacity { capacity *= 2 }
        let base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        base.copyMemory(from: state.pointee.base, byteCount: state.pointee.count)
        state.pointee.base.deallocate()
        state.pointee.base = base
        state.pointee.capacity = capacity
    }

    @inlinable
    public func append(_ byte: UInt8) {
        extend(by: 1).storeBytes(of: byte, as: UInt8.self)
    }

    @inlinable
    public func append(_ source: UnsafeRawBufferPointer) {
        guard let start = source.baseAddress, source.count > 0 else { return }
        extend(by: source.count).copyMemory(from: start, byteCount: source.count)
    }

    @inlinable
    public func append(_ source: UnsafeBufferPointer<UInt8>) {
        append(UnsafeRawBufferPointer(source))
    }

    public func append(_ source: [UInt8]) {
        source.withUnsafeBytes { append($0) }
    }

    /// Appends the bytes that hex `text` spells; false (nothing appended) when it is not hex of
    /// even length.
    public func append(decodingHex text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count % 2 == 0 else { return false }
        let start = state.pointee.count
        guard HexText.decode(text, into: extend(by: text.count / 2)) else {
            state.pointee.count = start
            return false
        }
        return true
    }

    /// Appends `source` as lowercase hex.
    public func append(hexOf source: UnsafeRawBufferPointer) {
        HexText.encode(source, into: extend(by: source.count * 2))
    }
}
