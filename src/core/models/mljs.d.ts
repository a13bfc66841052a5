// ml-cart 2 ships no types; this is the part of its API that tree families use.
declare module 'ml-cart' {
  import type { Matrix } from 'ml-matrix';
  interface TreeOptions {
    gainFunction?: 'gini' | 'regression';
    minNumSamples?: number;
    maxDepth?: number;
    gainThreshold?: number;
  }
  export class DecisionTreeClassifier {
    constructor(options?: TreeOptions);
    root: unknown;
    train(x: Matrix, y: number[]): void;
    predict(x: Matrix): number[];
  }
  export class DecisionTreeRegression {
    constructor(options?: TreeOptions);
    root: unknown;
    train(x: Matrix, y: number[]): void;
    predict(x: Matrix): number[];
  }
}
