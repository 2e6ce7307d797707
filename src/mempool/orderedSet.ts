interface AvlNode<T> {
  value: T;
  left: AvlNode<T> | undefined;
  right: AvlNode<T> | undefined;
  height: number;
}

function height<T>(n: AvlNode<T> | undefined): number {
  return n === undefined ? 0 : n.height;
}

function update<T>(n: AvlNode<T>): AvlNode<T> {
  n.height = Math.max(height(n.left), height(n.right)) + 1;
  return n;
}

function rotateRight<T>(n: AvlNode<T>): AvlNode<T> {
  const l = n.left!;
  n.left = l.right;
  l.right = update(n);
  return update(l);
}

function rotateLeft<T>(n: AvlNode<T>): AvlNode<T> {
  const r = n.right!;
  n.right = r.left;
  r.left = update(n);
  return update(r);
}

function balance<T>(n: AvlNode<T>): AvlNode<T> {
  update(n);
  const bf = height(n.left) - height(n.right);
  if (bf > 1) {
    if (height(n.left!.left) < height(n.left!.right)) n.left = rotateLeft(n.left!);
    return rotateRight(n);
  }
  if (bf < -1) {
    if (height(n.right!.right) < height(n.right!.left)) n.right = rotateRight(n.right!);
    return rotateLeft(n);
  }
  return n;
}

/**
 * A set kept sorted by a total order (an AVL tree): add, delete, first, last and
 * `after` in O(log n). The comparator reads a key `K` of the members; it must never call two
 * distinct members equal, and the fields it reads must not change while a value is in the set.
 */
export class OrderedSet<T extends K, K = T> {
  readonly #cmp: (a: K, b: K) => number;
  #root: AvlNode<T> | undefined;
  #size = 0;
  #changed = false;

  constructor(cmp: (a: K, b: K) => number) {
    this.#cmp = cmp;
  }

  get size(): number {
    return this.#size;
  }

  /** Adds `value`; false when an equal value is already present. */
  add(value: T): boolean {
    this.#changed = false;
    this.#root = this.#insert(this.#root, value);
    if (this.#changed) this.#size++;
    return this.#changed;
  }

  /** Removes the member equal to `value`; false when there is none. */
  delete(value: T): boolean {
    this.#changed = false;
    this.#root = this.#remove(this.#root, value);
    if (this.#changed) this.#size--;
    return this.#changed;
  }

  first(): T | undefined {
    let n = this.#root;
    if (n === undefined) return undefined;
    while (n.left !== undefined) n = n.left;
    return n.value;
  }

  last(): T | undefined {
    let n = this.#root;
    if (n === undefined) return undefined;
    while (n.right !== undefined) n = n.right;
    return n.value;
  }

  /** The smallest member strictly greater than `probe` (any key, member or not). */
  after(probe: K): T | undefined {
    let n = this.#root;
    let best: T | undefined;
    while (n !== undefined) {
      if (this.#cmp(n.value, probe) > 0) {
        best = n.value;
        n = n.left;
      } else {
        n = n.right;
      }
    }
    return best;
  }

  clear(): void {
    this.#root = undefined;
    this.#size = 0;
  }

  /** Members in order. The set must not change during the iteration. */
  *values(): Generator<T> {
    const stack: AvlNode<T>[] = [];
    let n = this.#root;
    while (n !== undefined || stack.length > 0) {
      while (n !== undefined) {
        stack.push(n);
        n = n.left;
      }
      const top = stack.pop()!;
      yield top.value;
      n = top.right;
    }
  }

  #insert(n: AvlNode<T> | undefined, value: T): AvlNode<T> {
    if (n === undefined) {
      this.#changed = true;
      return { value, left: undefined, right: undefined, height: 1 };
    }
    const c = this.#cmp(value, n.value);
    if (c === 0) return n;
    if (c < 0) n.left = this.#insert(n.left, value);
    else n.right = this.#insert(n.right, value);
    return balance(n);
  }

  #remove(n: AvlNode<T> | undefined, value: T): AvlNode<T> | undefined {
    if (n === undefined) return undefined;
    const c = this.#cmp(value, n.value);
    if (c < 0) {
      n.left = this.#remove(n.left, value);
    } else if (c > 0) {
      n.right = this.#remove(n.right, value);
    } else {
      this.#changed = true;
      if (n.left === undefined) return n.right;
      if (n.right === undefined) return n.left;
      let min = n.right;
      while (min.left !== undefined) min = min.left;
      n.value = min.value;
      n.right = this.#removeMin(n.right);
    }
    return balance(n);
  }

  #removeMin(n: AvlNode<T>): AvlNode<T> | undefined {
    if (n.left === undefined) return n.right;
    n.left = this.#removeMin(n.left);
    return balance(n);
  }
}
