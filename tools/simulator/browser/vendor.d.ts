/** Types for the untyped internals of miniprogram-simulate, j-component and exparser the simulator touches. */

declare module 'miniprogram-exparser' {
  interface ExparserEvent {
    readonly type: string;
  }
  interface ExparserNode {
    readonly $$: HTMLElement | undefined;
    readonly childNodes: ExparserNode[];
    readonly shadowRoot?: ExparserNode;
  }
  const exparser: {
    Event: {
      create(
        name: string,
        detail: unknown,
        options: {
          originalEvent?: Event;
          bubbles?: boolean;
          capturePhase?: boolean;
          composed?: boolean;
          extraFields?: object;
        },
      ): ExparserEvent;
      dispatchEvent(target: Node | ExparserNode, event: ExparserEvent): void;
    };
    Component: new () => ExparserNode;
    Element: { prototype: object; getMethodCaller(node: ExparserNode): Record<string, unknown> };
  };
  export default exparser;
}

declare module 'miniprogram-simulate/src/utils' {
  const utils: {
    runJs: (filePath: string) => unknown;
    readFile(filePath: string): unknown;
  };
  export default utils;
}

declare module 'j-component/src/tool/utils' {
  const utils: { transformRpx: (style: string, keepZero?: boolean) => string };
  export default utils;
}
